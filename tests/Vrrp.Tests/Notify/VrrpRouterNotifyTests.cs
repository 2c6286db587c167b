using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Notify;

/// <summary>notify_deleted and notify_priority_changes through the router (keepalived semantics).</summary>
public class VrrpRouterNotifyTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly ManualTimeProvider _trackingTime = new();
    private readonly FakeNetwork _network;
    private readonly FakeScriptLauncher _launcher = new();
    private readonly VrrpRouter _router;
    private readonly ConcurrentQueue<VrrpNotification> _delivered = new();

    public VrrpRouterNotifyTests()
    {
        _network = new FakeNetwork(_time);
        _router = new VrrpRouter(_network, _time, NullLoggerFactory.Instance, synchronousEvents: true, new TrackingDependencies(_trackingTime, _launcher, new FakeProcessTable()));
        _router.NotificationDelivered += _delivered.Enqueue;
    }

    private static VrrpScriptCommand Cmd(string path) => new() { Arguments = new[] { path } };

    private static VrrpInstanceOptions Instance(int vrid, VrrpNotifyOptions? notify = null) => new()
    {
        Interface = "eth0",
        VirtualRouterId = vrid,
        Version = VrrpVersion.V3,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse($"192.0.2.{100 + vrid}"), PrefixLength = 24 } },
        Notify = notify ?? new VrrpNotifyOptions { Fault = Cmd("/n/fault"), Stop = Cmd("/n/stop"), Generic = Cmd("/n/notify") },
        Tracking = new VrrpTrackingOptions { Interfaces = new[] { new VrrpTrackReference { Name = "eth1", Weight = -10 } } },
    };

    private static ImmutableSortedDictionary<string, T> Dict<T>(params (string, T)[] items) => items.ToImmutableSortedDictionary(i => i.Item1, i => i.Item2, StringComparer.Ordinal);

    private string[] Launched() => _launcher.Launches.Select(l => string.Join(' ', l.Arguments)).ToArray();

    [Fact]
    public async Task ApplyAsync_InstanceRemovedWithoutNotifyDeleted_ReportedAsFault()
    {
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1))) });
        _time.Advance(TimeSpan.FromSeconds(4));

        await _router.ApplyAsync(new VrrpOptions());

        await Eventually.True(() => _delivered.Any(n => n.State == "FAULT"), "FAULT for the removed instance");
        Assert.Equal(["BACKUP", "MASTER", "FAULT"], _delivered.Select(n => n.State).ToArray());
        Assert.Contains("/n/fault", Launched());
        Assert.Contains("/n/notify INSTANCE VI_1 FAULT 100", Launched());
        Assert.DoesNotContain("/n/stop", Launched());
    }

    [Fact]
    public async Task ApplyAsync_InstanceRemovedWithNotifyDeleted_ReportedAsDeletedAndScriptRun()
    {
        var notify = new VrrpNotifyOptions { Fault = Cmd("/n/fault"), Generic = Cmd("/n/notify"), Deleted = Cmd("/n/deleted") };
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1, notify)), ("VI_2", Instance(2))) });
        _time.Advance(TimeSpan.FromSeconds(4));

        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_2", Instance(2))) });

        await Eventually.True(() => _delivered.Any(n => n.State == "DELETED"), "DELETED for VI_1");
        Assert.Contains("/n/deleted", Launched());
        Assert.Contains("/n/notify INSTANCE VI_1 DELETED 100", Launched());
        Assert.DoesNotContain(_delivered, n => n.Name == "VI_1" && n.State == "FAULT");
        Assert.DoesNotContain(_delivered, n => n.Name == "VI_2" && n.State is "FAULT" or "DELETED");
    }

    [Fact]
    public async Task ApplyAsync_NotifyDeletedWithoutScript_DeletedToGenericOnly()
    {
        var notify = new VrrpNotifyOptions { Fault = Cmd("/n/fault"), Generic = Cmd("/n/notify"), ReportDeleted = true };
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1, notify))) });
        _time.Advance(TimeSpan.FromSeconds(4));

        await _router.ApplyAsync(new VrrpOptions());

        await Eventually.True(() => _delivered.Any(n => n.State == "DELETED"), "DELETED");
        Assert.Contains("/n/notify INSTANCE VI_1 DELETED 100", Launched());
        Assert.DoesNotContain("/n/fault", Launched());
    }

    [Fact]
    public async Task StopAsync_Shutdown_StillReportedAsStop()
    {
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1))) });
        _time.Advance(TimeSpan.FromSeconds(4));

        await _router.StopAsync();

        await Eventually.True(() => _delivered.Any(n => n.State == "STOP"), "STOP");
        Assert.DoesNotContain(_delivered, n => n.State is "FAULT" or "DELETED");
    }

    [Fact]
    public async Task PriorityChange_NotifyPriorityChangesOn_MasterPriorityEventWithoutScripts()
    {
        var vi = Instance(1) with { Notify = Instance(1).Notify with { PriorityChanges = true } };
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", vi)) });
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth1", false);
        _time.Advance(TimeSpan.Zero);

        await Eventually.True(() => _delivered.Any(n => n.State == "MASTER_PRIORITY"), "MASTER_PRIORITY");
        var change = _delivered.Single(n => n.State == "MASTER_PRIORITY");
        Assert.Equal(90, change.Priority);
        Assert.Equal("INSTANCE \"VI_1\" MASTER_PRIORITY 90", change.FifoLine);
        Assert.DoesNotContain(_launcher.Launches, l => l.Arguments.Contains("MASTER_PRIORITY"));
    }

    [Fact]
    public async Task PriorityChange_GlobalDefaultOnBackup_BackupPriorityEvent()
    {
        var options = new VrrpOptions
        {
            Instances = Dict(("VI_1", Instance(1))),
            Scripting = new VrrpScriptingOptions { NotifyPriorityChanges = true },
        };
        await _router.ApplyAsync(options);
        _time.Advance(TimeSpan.FromSeconds(1));

        _network.SetLink("eth1", false);
        _time.Advance(TimeSpan.Zero);

        await Eventually.True(() => _delivered.Any(n => n.State == "BACKUP_PRIORITY"), "BACKUP_PRIORITY");
        Assert.Equal(90, _delivered.Single(n => n.State == "BACKUP_PRIORITY").Priority);
    }

    [Fact]
    public async Task PriorityChange_Off_NothingReported()
    {
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1))) });
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth1", false);
        _time.Advance(TimeSpan.Zero);
        _network.SetLink("eth1", true);
        _time.Advance(TimeSpan.Zero);
        await _router.ApplyAsync(new VrrpOptions());

        await Eventually.True(() => _delivered.Any(n => n.State == "FAULT"), "the removal's FAULT (delivered after any earlier event)");
        Assert.DoesNotContain(_delivered, n => n.State.EndsWith("_PRIORITY", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _router.DisposeAsync();
}
