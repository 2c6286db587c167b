using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Tests.Fakes;

namespace LvsDirector.Vrrp.Tests.Notify;

/// <summary>notify_deleted and notify_priority_changes through the router (keepalived semantics).</summary>
public class VrrpRouterNotifyTests : IAsyncLifetime
{
    private readonly RouterHarness _h = new();

    private static VrrpScriptCommand Cmd(string path) => new() { Arguments = new[] { path } };

    private static VrrpInstanceOptions Instance(int vrid, VrrpNotifyOptions? notify = null) => RouterHarness.Instance(vrid) with
    {
        Notify = notify ?? new VrrpNotifyOptions { Fault = Cmd("/n/fault"), Stop = Cmd("/n/stop"), Generic = Cmd("/n/notify") },
        Tracking = new VrrpTrackingOptions { Interfaces = new[] { new VrrpTrackReference { Name = "eth1", Weight = -10 } } },
    };

    private static ImmutableSortedDictionary<string, T> Dict<T>(params (string, T)[] items) => items.ToImmutableSortedDictionary(i => i.Item1, i => i.Item2, StringComparer.Ordinal);

    private string[] Launched() => _h.Launcher.Launches.Select(l => string.Join(' ', l.Arguments)).ToArray();

    [Fact]
    public async Task ApplyAsync_InstanceRemovedWithoutNotifyDeleted_ReportedAsFault()
    {
        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1))) });
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        await _h.Router.ApplyAsync(new VrrpOptions());

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "FAULT"), "FAULT for the removed instance");
        Assert.Equal(["BACKUP", "MASTER", "FAULT"], _h.Delivered.Select(n => n.State).ToArray());
        Assert.Contains("/n/fault", Launched());
        Assert.Contains("/n/notify INSTANCE VI_1 FAULT 100", Launched());
        Assert.DoesNotContain("/n/stop", Launched());
    }

    [Fact]
    public async Task ApplyAsync_InstanceRemovedWithNotifyDeleted_ReportedAsDeletedAndScriptRun()
    {
        var notify = new VrrpNotifyOptions { Fault = Cmd("/n/fault"), Generic = Cmd("/n/notify"), Deleted = Cmd("/n/deleted") };
        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1, notify)), ("VI_2", Instance(2))) });
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_2", Instance(2))) });

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "DELETED"), "DELETED for VI_1");
        Assert.Contains("/n/deleted", Launched());
        Assert.Contains("/n/notify INSTANCE VI_1 DELETED 100", Launched());
        Assert.DoesNotContain(_h.Delivered, n => n.Name == "VI_1" && n.State == "FAULT");
        Assert.DoesNotContain(_h.Delivered, n => n.Name == "VI_2" && n.State is "FAULT" or "DELETED");
    }

    [Fact]
    public async Task ApplyAsync_NotifyDeletedWithoutScript_DeletedToGenericOnly()
    {
        var notify = new VrrpNotifyOptions { Fault = Cmd("/n/fault"), Generic = Cmd("/n/notify"), ReportDeleted = true };
        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1, notify))) });
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        await _h.Router.ApplyAsync(new VrrpOptions());

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "DELETED"), "DELETED");
        Assert.Contains("/n/notify INSTANCE VI_1 DELETED 100", Launched());
        Assert.DoesNotContain("/n/fault", Launched());
    }

    [Fact]
    public async Task StopAsync_Shutdown_StillReportedAsStop()
    {
        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1))) });
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        await _h.Router.StopAsync();

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "STOP"), "STOP");
        Assert.DoesNotContain(_h.Delivered, n => n.State is "FAULT" or "DELETED");
    }

    [Fact]
    public async Task PriorityChange_NotifyPriorityChangesOn_MasterPriorityEventWithoutScripts()
    {
        var vi = Instance(1) with { Notify = Instance(1).Notify with { PriorityChanges = true } };
        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", vi)) });
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        _h.Network.SetLink("eth1", false);
        _h.Time.Advance(TimeSpan.Zero);

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "MASTER_PRIORITY"), "MASTER_PRIORITY");
        var change = _h.Delivered.Single(n => n.State == "MASTER_PRIORITY");
        Assert.Equal(90, change.Priority);
        Assert.Equal("INSTANCE \"VI_1\" MASTER_PRIORITY 90", change.FifoLine);
        Assert.DoesNotContain(_h.Launcher.Launches, l => l.Arguments.Contains("MASTER_PRIORITY"));
    }

    [Fact]
    public async Task PriorityChange_GlobalDefaultOnBackup_BackupPriorityEvent()
    {
        var options = new VrrpOptions
        {
            Instances = Dict(("VI_1", Instance(1))),
            Scripting = new VrrpScriptingOptions { NotifyPriorityChanges = true },
        };
        await _h.Router.ApplyAsync(options);
        _h.Time.Advance(TimeSpan.FromSeconds(1));

        _h.Network.SetLink("eth1", false);
        _h.Time.Advance(TimeSpan.Zero);

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "BACKUP_PRIORITY"), "BACKUP_PRIORITY");
        Assert.Equal(90, _h.Delivered.Single(n => n.State == "BACKUP_PRIORITY").Priority);
    }

    [Fact]
    public async Task PriorityChange_Off_NothingReported()
    {
        await _h.Router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1))) });
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        _h.Network.SetLink("eth1", false);
        _h.Time.Advance(TimeSpan.Zero);
        _h.Network.SetLink("eth1", true);
        _h.Time.Advance(TimeSpan.Zero);
        await _h.Router.ApplyAsync(new VrrpOptions());

        await Eventually.True(() => _h.Delivered.Any(n => n.State == "FAULT"), "the removal's FAULT (delivered after any earlier event)");
        Assert.DoesNotContain(_h.Delivered, n => n.State.EndsWith("_PRIORITY", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();
}
