using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Checks;
using LvsDirector.TestSupport;

namespace LvsDirector.Checkers.Tests.Checks;

/// <summary>TCP_CHECK's probe (the connect with the check's verdict as its completion) against loopback, attempt after attempt.</summary>
public class TcpCheckerProbeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProbeAsync_ListenerUpDownUp_EachAttemptItsOwnVerdict(bool system)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var target = (IPEndPoint)listener.LocalEndpoint;
        var checker = new TcpChecker(new CheckEndpoint(target), TimeSpan.FromSeconds(5), system ? TimeProvider.System : new ManualTimeProvider());
        Task<CheckResult> Probe() => checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var first = await Probe();
        listener.Stop();
        var second = await Probe();

        Assert.Equal((true, "connected"), (first.Success, first.Reason));
        Assert.Equal((false, $"TCP connection to {target} failed: connection refused"), (second.Success, second.Reason));
        using var again = new TcpListener(target);
        again.Start();
        Assert.True((await Probe()).Success);
    }
}
