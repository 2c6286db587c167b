using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Scripts;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Notify;

public class NotifyDispatcherTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeScriptLauncher _launcher = new();
    private readonly NotifyDispatcher _dispatcher;
    private readonly ConcurrentQueue<VrrpNotification> _delivered = new();

    public NotifyDispatcherTests()
    {
        _dispatcher = new NotifyDispatcher(_launcher, _time, NullLoggerFactory.Instance);
        _dispatcher.Delivered += _delivered.Enqueue;
        _dispatcher.Configure(Options());
    }

    private static VrrpScriptCommand Cmd(string path) => new() { Arguments = new[] { path } };

    private static VrrpOptions Options() => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            KeyValuePair.Create("VI_1", Instance(1)),
            KeyValuePair.Create("VI_2", Instance(2)),
        }),
        SyncGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            KeyValuePair.Create("G1", new VrrpSyncGroupOptions { Members = new[] { "VI_1" }, Notify = new VrrpNotifyOptions { Generic = Cmd("/g/notify") } }),
        }),
        Scripting = new VrrpScriptingOptions { NotifyTimeout = TimeSpan.FromSeconds(10) },
    };

    private static VrrpInstanceOptions Instance(int vrid) => new()
    {
        Interface = "eth0",
        VirtualRouterId = vrid,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse($"192.0.2.{100 + vrid}") } },
        Notify = new VrrpNotifyOptions
        {
            Master = Cmd("/n/master"),
            Backup = Cmd("/n/backup"),
            Fault = Cmd("/n/fault"),
            Generic = Cmd("/n/notify"),
            MasterReceivedLowerPriority = Cmd("/n/rx_lower"),
        },
    };

    private static string Describe(ScriptLaunch l) => string.Join(' ', l.Arguments) + " #" + l.Environment[VrrpNotification.SequenceVariable];

    [Fact]
    public async Task Instance_Transitions_ScriptsRunInOrderWithSequenceNumbers()
    {
        _dispatcher.Instance("VI_1", "BACKUP", 100);
        _dispatcher.Instance("VI_1", "MASTER", 100);
        _dispatcher.Instance("VI_1", "FAULT", 100);

        await Eventually.True(() => _delivered.Count == 3, "three deliveries");

        Assert.Equal(
        [
            "/n/backup #1", "/n/notify INSTANCE VI_1 BACKUP 100 #1",
            "/n/master #2", "/n/notify INSTANCE VI_1 MASTER 100 #2",
            "/n/fault #3", "/n/notify INSTANCE VI_1 FAULT 100 #3",
        ], _launcher.Launches.Select(Describe).ToArray());
        Assert.Equal([1L, 2L, 3L], _delivered.Select(n => n.Sequence).ToArray());
    }

    [Fact]
    public async Task Instance_ScriptHangs_KilledAtTimeoutThenNextEventRuns()
    {
        _launcher.ExitCode = l => l.Arguments[0] == "/n/backup" ? null : 0;
        _dispatcher.Instance("VI_1", "BACKUP", 100);
        _dispatcher.Instance("VI_1", "MASTER", 100);

        await Eventually.True(() => _launcher.Launches.Count == 1, "the hung script started");
        Assert.Empty(_delivered);
        _time.Advance(TimeSpan.FromSeconds(10));
        var hung = _launcher.Processes.First();
        await Eventually.True(() => hung.Signals.Contains(ScriptSignals.SigTerm), "SIGTERM to the group");
        _time.Advance(ScriptRunner.KillGrace);
        await Eventually.True(() => _delivered.Count == 2, "both delivered");

        Assert.Equal([ScriptSignals.SigTerm, ScriptSignals.SigKill], hung.Signals.ToArray());
        Assert.Equal(["/n/backup", "/n/notify", "/n/master", "/n/notify"], _launcher.Launches.Select(l => l.Arguments[0]).ToArray());
    }

    [Fact]
    public async Task Instance_HungScriptOnOneInstance_OtherInstanceNotDelayed()
    {
        _launcher.ExitCode = l => l.Arguments[0] == "/n/backup" ? null : 0;
        _dispatcher.Instance("VI_1", "BACKUP", 100);
        await Eventually.True(() => _launcher.Launches.Count == 1, "VI_1 hung");

        _dispatcher.Instance("VI_2", "MASTER", 100);

        await Eventually.True(() => _delivered.Any(n => n.Name == "VI_2"), "VI_2 delivered while VI_1 hangs");
        Assert.DoesNotContain(_delivered, n => n.Name == "VI_1");
        _time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _launcher.Processes.First().Signals.Contains(ScriptSignals.SigTerm), "VI_1 script killed");
        _time.Advance(ScriptRunner.KillGrace);
        await Eventually.True(() => _delivered.Any(n => n.Name == "VI_1"), "VI_1 delivered after its timeout");
    }

    [Fact]
    public async Task Group_Transition_GenericGetsGroupArgumentsAndPriorityZero()
    {
        _dispatcher.Group("G1", "MASTER");

        await Eventually.True(() => _delivered.Count == 1, "group delivered");

        Assert.Equal("/g/notify GROUP G1 MASTER 0 #1", Describe(_launcher.Launches.Single()));
    }

    [Fact]
    public async Task MasterReceivedLowerPriority_RunsItsScriptOnly()
    {
        _dispatcher.Instance("VI_1", NotifyStateNames.MasterReceivedLowerPriority, 150);

        await Eventually.True(() => _delivered.Count == 1, "delivered");

        Assert.Equal("/n/rx_lower #1", Describe(_launcher.Launches.Single()));
    }

    [Fact]
    public void FifoLine_KeepalivedFormat()
    {
        var n = new VrrpNotification(VrrpNotificationKind.Instance, "VI_1", "MASTER", 102, 7, DateTimeOffset.UnixEpoch);

        Assert.Equal("INSTANCE \"VI_1\" MASTER 102", n.FifoLine);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dispatcher.DisposeAsync();
}
