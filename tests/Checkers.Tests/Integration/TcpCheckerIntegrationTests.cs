using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class TcpCheckerIntegrationTests
{
    private static TcpCheckOptions Tcp(int port) => new() { ConnectPort = port, ConnectTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Probe_SocatListening_PassesWithBindtoBindPortAndFwmark()
    {
        var socat = Prerequisites.RequireCommand("socat", "socat");
        var port = Ports.FreeTcp();
        await using var server = ServerProcess.Start(socat, $"TCP4-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:echo hello");
        await server.WaitForTcpAsync(port, "socat");

        var result = await ProbeOnceAsync(Tcp(port) with { BindTo = IPAddress.Loopback, BindPort = Ports.FreeTcp(), FirewallMark = 7, BindInterface = "lo" });

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_NothingListening_FailsRefused()
    {
        AssertFails(await ProbeOnceAsync(Tcp(Ports.FreeTcp())), "refused");
    }

    [Fact]
    public async Task Probe_ServerThatNeverAnswers_FailsAtConnectTimeout()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await ns.BlackholeRepliesAsync();
        var started = DateTime.UtcNow;

        var result = await ProbeOnceAsync(Tcp(80) with { Deadline = GenerousDeadline }, ns.NamespaceAddress);

        AssertFails(result, "connect timeout");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(10));
    }
}
