using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;
using LvsDirector.Checkers.Tests.Fakes;
using LvsDirector.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Runtime;

public class CheckerServiceTests : IAsyncDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly RealServerKey Rs1 = new(IPAddress.Parse("192.0.2.1"), 80);
    private static readonly RealServerKey Rs2 = new(IPAddress.Parse("192.0.2.2"), 80);
    private static readonly RealServerKey Rs3 = new(IPAddress.Parse("192.0.2.3"), 80);
    private static readonly RealServerKey Sorry = new(IPAddress.Parse("192.0.2.99"), 80);

    private readonly ManualTimeProvider _time = new();
    private readonly FakeHealthCheckFactory _checks = new();
    private readonly FakeScriptRunner _scripts = new();
    private readonly CheckerService _service;

    public CheckerServiceTests()
    {
        _service = new CheckerService(_time, NullLoggerFactory.Instance, _checks, _scripts, new Random(1));
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static TcpCheckOptions Tcp(int retry = 1) => new() { DelayLoop = Second, Warmup = TimeSpan.Zero, Retry = retry, DelayBeforeRetry = Second };

    private static RealServerOptions Rs(RealServerKey key, int weight = 1, params CheckOptions[] checks) => new()
    {
        Address = key.Address,
        Port = key.Port,
        Weight = weight,
        Checks = (checks.Length == 0 ? [Tcp()] : checks).ToEquatableList(),
        NotifyUp = ["notify", "up", key.ToString()],
        NotifyDown = ["notify", "down", key.ToString()],
    };

    private static CheckerOptions Options(params RealServerOptions[] realServers) => Options(s => s, realServers);

    private static CheckerOptions Options(Func<CheckedServiceOptions, CheckedServiceOptions> edit, params RealServerOptions[] realServers) => new()
    {
        Services = [edit(new CheckedServiceOptions { Name = "vs", RealServers = realServers.ToEquatableList(), QuorumUp = ["quorum", "up"], QuorumDown = ["quorum", "down"] })],
    };

    private async Task StartAsync(CheckerOptions options)
    {
        await _service.ApplyAsync(options, CancellationToken.None);
        _time.Advance(TimeSpan.Zero); // first probes (warm-up 0)
    }

    private List<CheckerEvent> Events() => EventLog.Drain(_service);

    private void Fail(RealServerKey rs, int seconds)
    {
        _checks.Get(rs).Healthy = false;
        _time.Advance(seconds * Second);
    }

    [Fact]
    public async Task ApplyAsync_NewService_InitialStateOfEveryRealServer()
    {
        await StartAsync(Options(Rs(Rs1, 3), Rs(Rs2)));

        var events = Events().OfType<RealServerStateChanged>().ToList();

        Assert.Equal(2, events.Count);
        Assert.Contains(events, e => e.RealServer == Rs1 && e is { Alive: true, InTable: true, Weight: 3, AliveChanged: false, Reason: "initial" });
        Assert.Contains(events, e => e.RealServer == Rs2 && e is { Alive: true, InTable: true, Weight: 1 });
    }

    [Fact]
    public async Task Probe_FailsRetryPlusOneTimes_RemovedFromTableAndNotifyDownRuns()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Events();

        Fail(Rs1, 1); // first failure: retry
        Assert.Empty(Events());
        _time.Advance(Second); // second failure: down

        var e = Assert.Single(Events().OfType<RealServerStateChanged>());
        Assert.Equal(Rs1, e.RealServer);
        Assert.False(e.Alive);
        Assert.False(e.InTable);
        Assert.True(e.AliveChanged);
        Assert.Contains("fake failure", e.Reason);
        Assert.Equal(["notify down 192.0.2.1:80"], _scripts.Runs);
    }

    [Fact]
    public async Task NotifyAndQuorumScripts_RunAsTheirOwnUserElseTheGlobalScriptUser()
    {
        var options = Options(s => s with { QuorumDownUser = new ScriptUser("daemon", "daemon") },
            Rs(Rs1) with { NotifyDownUser = new ScriptUser("operator") }, Rs(Rs2));
        await StartAsync(options with { ScriptUser = new ScriptUser("nobody", "nogroup") });
        Events();

        Fail(Rs2, 2); // notify_down of Rs2: no user of its own
        Fail(Rs1, 2); // notify_down of Rs1 (its own user), then quorum_down (the service's)

        var runs = _scripts.Invocations.Select(i => $"{string.Join(' ', i.Arguments)} as {i.User}:{i.Group}").ToList();
        Assert.Equal(["notify down 192.0.2.2:80 as nobody:nogroup", "quorum down as daemon:daemon", "notify down 192.0.2.1:80 as operator:"], runs);
    }

    [Fact]
    public async Task Scripts_NoUserAnywhere_RunAsKeepalivedsDefault()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Events();

        Fail(Rs1, 2);

        // keepalived's default is keepalived_script where that user exists, else the director's own user (null here).
        var expected = File.ReadAllText("/etc/passwd").Split('\n').Any(l => l.StartsWith("keepalived_script:", StringComparison.Ordinal)) ? "keepalived_script" : null;
        Assert.Equal(expected, Assert.Single(_scripts.Invocations).User);
    }

    [Fact]
    public async Task Probe_DownWithInhibitOnFailure_WeightZeroStaysInTable()
    {
        await StartAsync(Options(Rs(Rs1, 5) with { InhibitOnFailure = true }, Rs(Rs2)));
        Events();

        Fail(Rs1, 2);

        var e = Assert.Single(Events().OfType<RealServerStateChanged>());
        Assert.Equal((false, true, 0), (e.Alive, e.InTable, e.Weight));
    }

    [Fact]
    public async Task Probe_LastServerDown_SorryServerAddedBeforeRemovalAndRemovedAfterReturn()
    {
        await StartAsync(Options(s => s with { SorryServer = new SorryServerOptions { Address = Sorry.Address, Port = 80 } }, Rs(Rs1)));
        Events();

        Fail(Rs1, 2);
        var down = Events();
        _checks.Get(Rs1).Healthy = true;
        _time.Advance(Second);
        var up = Events();

        Assert.Collection(down,
            e => Assert.Equal(false, ((QuorumStateChanged)e).QuorumUp),
            e => Assert.Equal((Sorry, true, true, 1), (((SorryServerStateChanged)e).SorryServer, ((SorryServerStateChanged)e).Active, ((SorryServerStateChanged)e).InTable, ((SorryServerStateChanged)e).Weight)),
            e => Assert.False(((RealServerStateChanged)e).InTable));
        Assert.Collection(up,
            e => Assert.Equal(true, ((QuorumStateChanged)e).QuorumUp),
            e => Assert.True(((RealServerStateChanged)e).InTable),
            e => Assert.Equal((false, false), (((SorryServerStateChanged)e).Active, ((SorryServerStateChanged)e).InTable)));
        Assert.Equal(["quorum down", "notify down 192.0.2.1:80", "quorum up", "notify up 192.0.2.1:80"], _scripts.Runs);
        var snapshot = _service.GetSnapshot("vs")!;
        Assert.False(snapshot.SorryServerActive);
        Assert.True(snapshot.QuorumUp);
    }

    [Fact]
    public async Task Probe_QuorumWithHysteresis_ChangesOnlyOutsideTheBand()
    {
        // quorum 2, hysteresis 1: lost below 2 - 1 = 1 (at weight 0), gained at 2 + 1 = 3.
        await StartAsync(Options(s => s with { Quorum = 2, Hysteresis = 1 }, Rs(Rs1, checks: Tcp(0)), Rs(Rs2, checks: Tcp(0)), Rs(Rs3, checks: Tcp(0))));
        Events();

        Fail(Rs1, 1);
        Assert.Empty(Events().OfType<QuorumStateChanged>()); // 2 alive
        Fail(Rs2, 1);
        Assert.Empty(Events().OfType<QuorumStateChanged>()); // 1 alive = quorum - hysteresis: kept
        Fail(Rs3, 1);
        Assert.False(Assert.Single(Events().OfType<QuorumStateChanged>()).QuorumUp);
        _checks.Get(Rs1).Healthy = true;
        _checks.Get(Rs2).Healthy = true;
        _time.Advance(Second);
        Assert.Empty(Events().OfType<QuorumStateChanged>()); // 2 alive < quorum + hysteresis
        _checks.Get(Rs3).Healthy = true;
        _time.Advance(Second);
        var gained = Assert.Single(Events().OfType<QuorumStateChanged>());
        Assert.True(gained.QuorumUp);
        Assert.Equal(3, gained.AliveWeight);
    }

    [Fact]
    public async Task ApplyAsync_Alpha_StartsDownAndRisesOnFirstSuccess()
    {
        _checks.Get(Rs1).Healthy = false;
        await _service.ApplyAsync(Options(s => s with { Alpha = true }, Rs(Rs1)), CancellationToken.None);

        var initial = Assert.Single(Events().OfType<RealServerStateChanged>());
        Assert.False(initial.InTable);
        _time.Advance(TimeSpan.Zero);
        Assert.Empty(Events().OfType<RealServerStateChanged>());
        _checks.Get(Rs1).Healthy = true;
        _time.Advance(Second);
        var up = Assert.Single(Events().OfType<RealServerStateChanged>());
        Assert.True(up.Alive && up.InTable && up.AliveChanged);
    }

    [Fact]
    public async Task Probe_MiscDynamicWeight_WeightChangedWithoutTransition()
    {
        await StartAsync(Options(Rs(Rs1, 10), Rs(Rs2)));
        Events();

        _checks.Get(Rs1).DynamicWeight = 42;
        _time.Advance(Second);

        var e = Assert.Single(Events().OfType<RealServerStateChanged>());
        Assert.Equal((true, 42, false), (e.Alive, e.Weight, e.AliveChanged));
        Assert.Empty(_scripts.Runs);
    }

    [Fact]
    public async Task Probe_OneOfTwoChecksFails_RealServerDown()
    {
        var http = new HttpGetCheckOptions { Urls = [new HttpUrlOptions { Path = "/" }], DelayLoop = Second, Warmup = TimeSpan.Zero, Retry = 0 };
        await StartAsync(Options(Rs(Rs1, 1, Tcp(), http), Rs(Rs2)));
        Events();

        _checks.Get(Rs1, CheckKind.HttpGet).Healthy = false;
        _time.Advance(Second);

        Assert.False(Assert.Single(Events().OfType<RealServerStateChanged>()).Alive);
    }

    [Fact]
    public async Task ApplyAsync_SameOptionsAgain_NothingRestartedStateKept()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Fail(Rs1, 2);
        Events();
        var created = _checks.Created.Count;

        await _service.ApplyAsync(Options(Rs(Rs1), Rs(Rs2)), CancellationToken.None);

        Assert.Empty(Events());
        Assert.Equal(created, _checks.Created.Count);
        Assert.False(_service.GetSnapshot("vs")!.RealServers.Single(r => r.RealServer == Rs1).Alive);
    }

    [Fact]
    public async Task ApplyAsync_IntervalChanged_StateKeptOnlyPeriodChanges()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Fail(Rs1, 2);
        Events();
        var created = _checks.Created.Count;
        var probes = _checks.Get(Rs1).Probes;

        await _service.ApplyAsync(Options(Rs(Rs1, checks: Tcp() with { DelayLoop = 5 * Second }), Rs(Rs2)), CancellationToken.None);
        _time.Advance(4 * Second);
        var after4 = _checks.Get(Rs1).Probes;
        _time.Advance(Second);

        Assert.Equal(created, _checks.Created.Count);
        Assert.Empty(Events());
        Assert.Equal(probes, after4);
        Assert.Equal(probes + 1, _checks.Get(Rs1).Probes);
    }

    [Fact]
    public async Task ApplyAsync_RealServerRemoved_ItsChecksStop()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Events();

        await _service.ApplyAsync(Options(Rs(Rs2)), CancellationToken.None);
        var probes = _checks.Get(Rs1).Probes;
        _time.Advance(10 * Second);

        Assert.Equal(probes, _checks.Get(Rs1).Probes);
        Assert.Single(_service.GetSnapshot("vs")!.RealServers);
    }

    [Fact]
    public async Task ApplyAsync_CheckChanged_NewCheckStartsFresh()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Fail(Rs1, 2);
        Events();

        await _service.ApplyAsync(Options(Rs(Rs1, checks: Tcp() with { ConnectPort = 8080 }), Rs(Rs2)), CancellationToken.None);

        // The new check (not alpha) starts up, so the server comes back.
        Assert.True(Assert.Single(Events().OfType<RealServerStateChanged>()).Alive);
    }

    [Fact]
    public async Task ApplyAsync_InvalidOptions_ThrowsWithEveryErrorAndKeepsRunning()
    {
        await StartAsync(Options(Rs(Rs1)));
        Events();

        var error = await Assert.ThrowsAsync<CheckerOptionsException>(() =>
            _service.ApplyAsync(Options(s => s with { Quorum = 0 }, Rs(Rs1, checks: Tcp() with { Retry = -2 })), CancellationToken.None));

        Assert.Equal(2, error.Errors.Count);
        var probes = _checks.Get(Rs1).Probes;
        _time.Advance(Second);
        Assert.Equal(probes + 1, _checks.Get(Rs1).Probes);
    }

    [Fact]
    public async Task ApplyAsync_ServiceRemovedWithOmega_RunsQuorumDownAndNotifyDown()
    {
        await StartAsync(Options(s => s with { Omega = true }, Rs(Rs1)));

        await _service.ApplyAsync(new CheckerOptions(), CancellationToken.None);

        Assert.Equal(["quorum down", "notify down 192.0.2.1:80"], _scripts.Runs);
        Assert.Empty(_service.GetSnapshot());
    }

    [Fact]
    public async Task Probe_ServerReturnsWithSlowStart_WeightRampsInTenSteps()
    {
        await StartAsync(Options(Rs(Rs1, 100, Tcp(0)) with { SlowStart = 10 * Second }, Rs(Rs2)));
        Fail(Rs1, 1);
        Events();

        _checks.Get(Rs1).Healthy = true;
        _time.Advance(Second);
        var weights = new List<int> { Assert.Single(Events().OfType<RealServerStateChanged>()).Weight };
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(Second);
            weights.AddRange(Events().OfType<RealServerStateChanged>().Where(e => e.RealServer == Rs1).Select(e => e.Weight));
        }

        Assert.Equal([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], weights);
    }

    [Fact]
    public async Task Probe_DownThenUp_NotifyScriptsRunInOrder()
    {
        await StartAsync(Options(Rs(Rs1, checks: Tcp(0)), Rs(Rs2)));

        Fail(Rs1, 1);
        _checks.Get(Rs1).Healthy = true;
        _time.Advance(Second);
        Fail(Rs1, 1);

        Assert.Equal(["notify down 192.0.2.1:80", "notify up 192.0.2.1:80", "notify down 192.0.2.1:80"], _scripts.Runs);
    }

    [Fact]
    public async Task Probe_CertificateWarning_EventOnceUntilItChanges()
    {
        await StartAsync(Options(Rs(Rs1), Rs(Rs2)));
        Events();

        _checks.Get(Rs1).Warning = "certificate expires in 3 days";
        _time.Advance(Second);
        _time.Advance(Second);

        var warning = Assert.Single(Events().OfType<CheckWarning>());
        Assert.Equal(Rs1, warning.RealServer);
    }

    [Fact]
    public async Task StopAsync_Omega_RunsScriptsAndCompletesEvents()
    {
        await StartAsync(Options(s => s with { Omega = true }, Rs(Rs1)));
        Events();

        await _service.StopAsync(CancellationToken.None);

        Assert.Equal(["quorum down", "notify down 192.0.2.1:80"], _scripts.Runs);
        Assert.True(_service.Events.Completion.IsCompleted);
        Assert.Equal(0, _time.ActiveTimerCount);
    }
}
