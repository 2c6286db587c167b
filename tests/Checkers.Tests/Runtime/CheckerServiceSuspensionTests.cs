using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;
using LvsDirector.Checkers.Tests.Fakes;
using LvsDirector.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Runtime;

/// <summary>ha_suspend: a service's checks probe only while its address is local (<see cref="CheckerService.SetLocalAddresses"/>).</summary>
public class CheckerServiceSuspensionTests : IAsyncDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress OtherVip = IPAddress.Parse("192.0.2.11");
    private static readonly RealServerKey Rs1 = new(IPAddress.Parse("198.51.100.1"), 80);
    private static readonly RealServerKey Rs2 = new(IPAddress.Parse("198.51.100.2"), 80);

    private readonly ManualTimeProvider _time = new();
    private readonly FakeHealthCheckFactory _checks = new();
    private readonly FakeScriptRunner _scripts = new();
    private readonly CheckerService _service;

    public CheckerServiceSuspensionTests()
    {
        _service = new CheckerService(_time, NullLoggerFactory.Instance, _checks, _scripts, new Random(1));
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    // retry 0: one failed probe takes a real server down.
    private static RealServerOptions Rs(RealServerKey key) => new()
    {
        Address = key.Address,
        Port = key.Port,
        Checks = [new TcpCheckOptions { DelayLoop = Second, Warmup = TimeSpan.Zero, Retry = 0, ConnectTimeout = Second }],
        NotifyDown = ["notify", "down", key.ToString()],
    };

    private static CheckerOptions Options(EquatableList<IPAddress> suspendUnlessLocal, params RealServerOptions[] realServers) => new()
    {
        Services = [new CheckedServiceOptions { Name = "vs", SuspendUnlessLocal = suspendUnlessLocal, RealServers = realServers.ToEquatableList() }],
    };

    private async Task StartAsync(CheckerOptions options)
    {
        await _service.ApplyAsync(options, CancellationToken.None);
        _time.Advance(TimeSpan.Zero);
        EventLog.Drain(_service);
    }

    private void Report(params IPAddress[] local)
    {
        _service.SetLocalAddresses(local.ToHashSet());
        _time.Advance(TimeSpan.Zero); // resumed checks' first probes (warm-up 0)
    }

    private bool Suspended => _service.GetSnapshot("vs")!.Suspended;

    [Fact]
    public async Task ApplyAsync_HaSuspendBeforeAnyReport_NoProbeUntilTheAddressIsLocal()
    {
        await StartAsync(Options([Vip], Rs(Rs1)));
        _time.Advance(10 * Second);

        Assert.Equal(0, _checks.Get(Rs1).Probes);
        Assert.True(Suspended);

        Report(Vip);
        _checks.Get(Rs1).Healthy = false;
        _time.Advance(Second);

        Assert.False(Suspended);
        Assert.True(_checks.Get(Rs1).Probes >= 1);
        var down = Assert.Single(EventLog.Drain(_service).OfType<RealServerStateChanged>());
        Assert.Equal((Rs1, false, true), (down.RealServer, down.Alive, down.AliveChanged));
    }

    [Fact]
    public async Task SetLocalAddresses_AddressNotLocal_NoProbe()
    {
        Report(OtherVip);
        await StartAsync(Options([Vip], Rs(Rs1)));
        _time.Advance(10 * Second);

        Assert.Equal(0, _checks.Get(Rs1).Probes);
        Assert.True(Suspended);
    }

    [Fact]
    public async Task SetLocalAddresses_AddressGoes_ProbingStopsAndAFailingServerKeepsItsState()
    {
        Report(Vip);
        await StartAsync(Options([Vip], Rs(Rs1), Rs(Rs2)));
        _time.Advance(2 * Second);
        Assert.NotEqual(0, _checks.Get(Rs1).Probes);

        Report(OtherVip);
        var probes = _checks.Get(Rs1).Probes;
        _checks.Get(Rs1).Healthy = false;
        _time.Advance(10 * Second);

        Assert.True(Suspended);
        Assert.Equal(probes, _checks.Get(Rs1).Probes);
        Assert.Empty(EventLog.Drain(_service));
        Assert.Empty(_scripts.Runs);
        Assert.True(_service.GetSnapshot("vs")!.RealServers.Single(r => r.RealServer == Rs1).Alive);

        Report(Vip, OtherVip);
        _time.Advance(Second);

        Assert.False(Suspended);
        Assert.False(Assert.Single(EventLog.Drain(_service).OfType<RealServerStateChanged>()).Alive);
        Assert.Equal(["notify down 198.51.100.1:80"], _scripts.Runs);
    }

    [Fact]
    public async Task SetLocalAddresses_ResultInFlightWhenSuspended_IsDiscarded()
    {
        Report(Vip);
        await StartAsync(Options([Vip], Rs(Rs1)));
        var probe = _checks.Get(Rs1);
        probe.Hang = true;
        _time.Advance(Second); // a probe starts and hangs
        var probes = probe.Probes;

        Report();
        _time.Advance(5 * Second); // its deadline fails it while suspended

        Assert.Empty(EventLog.Drain(_service));
        var rs = _service.GetSnapshot("vs")!.RealServers.Single();
        Assert.True(rs.Alive);
        Assert.Equal(0, rs.Checks.Single().FailedAttempts);
        Assert.Equal(probes, probe.Probes); // and none after it
    }

    [Fact]
    public async Task ApplyAsync_ReloadWhileSuspended_StaysSuspendedAndNewChecksStartParked()
    {
        Report(OtherVip);
        await StartAsync(Options([Vip], Rs(Rs1)));

        await _service.ApplyAsync(Options([Vip], Rs(Rs1), Rs(Rs2)), CancellationToken.None);
        _time.Advance(10 * Second);

        Assert.True(Suspended);
        Assert.Equal(0, _checks.Get(Rs1).Probes);
        Assert.Equal(0, _checks.Get(Rs2).Probes);

        // The list changes to an address that is local: judged against the last report, without a new one.
        await _service.ApplyAsync(Options([OtherVip], Rs(Rs1), Rs(Rs2)), CancellationToken.None);
        _time.Advance(Second);

        Assert.False(Suspended);
        Assert.NotEqual(0, _checks.Get(Rs1).Probes);
        Assert.NotEqual(0, _checks.Get(Rs2).Probes);
    }

    [Fact]
    public async Task ApplyAsync_ReloadWhileActive_StaysActive()
    {
        Report(Vip);
        await StartAsync(Options([Vip], Rs(Rs1)));

        await _service.ApplyAsync(Options([Vip], Rs(Rs1), Rs(Rs2)), CancellationToken.None);
        _time.Advance(2 * Second);

        Assert.False(Suspended);
        Assert.NotEqual(0, _checks.Get(Rs2).Probes);
    }

    [Fact]
    public async Task SetLocalAddresses_ServiceWithoutTheList_NeverSuspended()
    {
        await StartAsync(Options([], Rs(Rs1)));
        Report();
        _time.Advance(3 * Second);

        Assert.False(Suspended);
        Assert.True(_checks.Get(Rs1).Probes >= 3);
    }
}
