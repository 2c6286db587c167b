using System.Net;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;
using LvsDirector.Ipvs.Tests.Fakes;
using LvsDirector.TestSupport;

namespace LvsDirector.Ipvs.Tests.Reconcile;

public class IpvsReconcilerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly IpvsServiceKey Web = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80);
    private static readonly IpvsServiceKey Mail = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 25);
    private static readonly IpvsServiceKey Foreign = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.1"), 443);

    private readonly ManualTimeProvider _time = new();
    private readonly List<FakeIpvsClient> _opened = new();
    private FakeIpvsClient _kernel = new();

    private IpvsReconciler NewReconciler(IIpvsOwnershipStore? store = null)
    {
        store ??= new InMemoryOwnershipStore();
        return new IpvsReconciler(_ =>
        {
            // Each (re)open sees the same kernel table.
            var client = _kernel;
            _opened.Add(client);
            return Task.FromResult<IIpvsClient>(client);
        }, timeProvider: _time, storeFactory: _ => store);
    }

    private static RealServerOptions Real(int last, int weight = 1) => new() { Address = IPAddress.Parse($"198.51.100.{last}"), Port = 80, Weight = weight };

    private static IpvsOptions Options(params VirtualServiceOptions[] services) => new() { Services = services, OwnershipStateFile = null };

    private static VirtualServiceOptions Service(IpvsServiceKey key, string scheduler = "rr", params RealServerOptions[] reals) =>
        new() { Key = key, Scheduler = scheduler, RealServers = reals };

    [Fact]
    public async Task ApplyAsync_EmptyKernel_AddsEverythingInTwoBatches()
    {
        await using var reconciler = NewReconciler();

        var result = await reconciler.ApplyAsync(Options(Service(Web, "rr", Real(11), Real(12)), Service(Mail, "wlc", Real(13))), None);

        Assert.True(result.Succeeded);
        Assert.Equal(5, result.Changes.Count);
        Assert.Equal(5, result.WritesSent);
        Assert.Equal(2, _kernel.Batches);
        Assert.Equal(2, _kernel.Destinations[Web].Count);
        Assert.Equal(0, _kernel.Flushes);
    }

    [Fact]
    public async Task ApplyAsync_UnchangedSecondTime_SendsOnlyDumps()
    {
        await using var reconciler = NewReconciler();
        var options = Options(Service(Web, "rr", Real(11), Real(12)), Service(Mail, "wlc", Real(13)));
        await reconciler.ApplyAsync(options, None);
        var log = _kernel.Log.Count;

        var result = await reconciler.ApplyAsync(options with { }, None);

        Assert.Empty(result.Changes);
        Assert.Equal(0, result.WritesSent);
        Assert.Equal(3, result.NetlinkOperations); // GET_SERVICE dump + one GET_DEST dump per service
        Assert.Equal(log, _kernel.Log.Count);
    }

    [Fact]
    public async Task ApplyAsync_RestartOverExistingTable_AdoptsWithoutDeleteOrFlush()
    {
        _kernel.Seed(new IpvsService { Key = Web, Scheduler = "rr" }, Real(11).ToDestination(), Real(12).ToDestination());
        _kernel.Seed(new IpvsService { Key = Foreign, Scheduler = "wlc" }, Real(50).ToDestination());
        await using var reconciler = NewReconciler();

        var result = await reconciler.ApplyAsync(Options(Service(Web, "rr", Real(11), Real(12, weight: 3))), None);

        Assert.Equal(new[] { "edit dest 198.51.100.12:80 in TCP 192.0.2.100:80" }, result.Changes.Select(c => c.ToString()));
        Assert.Equal(new[] { Foreign }, result.Unmanaged);
        Assert.True(_kernel.Services.ContainsKey(Foreign));
        Assert.DoesNotContain(_kernel.Log, l => l.StartsWith("delete", StringComparison.Ordinal) || l == "flush");
    }

    [Fact]
    public async Task ApplyAsync_ServiceRemovedFromConfig_DeletedBecauseOursForeignKept()
    {
        _kernel.Seed(new IpvsService { Key = Foreign, Scheduler = "wlc" });
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options(Service(Web), Service(Mail)), None);

        var result = await reconciler.ApplyAsync(Options(Service(Web)), None);

        Assert.Equal(new[] { "delete service TCP 192.0.2.100:25" }, result.Changes.Select(c => c.ToString()));
        Assert.False(_kernel.Services.ContainsKey(Mail));
        Assert.True(_kernel.Services.ContainsKey(Foreign));
    }

    [Fact]
    public async Task ApplyAsync_AfterRestartWithStateFile_DeletesServiceItManagedBefore()
    {
        var path = Path.Combine(Path.GetTempPath(), "lvsi-" + Guid.NewGuid().ToString("N"), "ipvs-owned.json");
        try
        {
            await using (var first = NewReconciler(new FileOwnershipStore(path)))
                await first.ApplyAsync(Options(Service(Web), Service(Mail)), None);
            Assert.Contains("TCP 192.0.2.100:25", File.ReadAllText(path));

            await using var second = NewReconciler(new FileOwnershipStore(path));
            var result = await second.ApplyAsync(Options(Service(Web)), None);

            Assert.Equal(new[] { "delete service TCP 192.0.2.100:25" }, result.Changes.Select(c => c.ToString()));
            Assert.DoesNotContain("TCP 192.0.2.100:25", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task ApplyAsync_CorruptStateFile_DeletesNothingUnconfigured()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lvsi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "ipvs-owned.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            _kernel.Seed(new IpvsService { Key = Mail, Scheduler = "rr" });
            await using var reconciler = NewReconciler(new FileOwnershipStore(path));

            var result = await reconciler.ApplyAsync(Options(Service(Web)), None);

            Assert.True(result.Succeeded);
            Assert.True(_kernel.Services.ContainsKey(Mail));
            Assert.Contains("TCP 192.0.2.100:80", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ApplyAsync_InvalidOptions_ThrowsWithAllErrorsAndTouchesNothing()
    {
        await using var reconciler = NewReconciler();
        var bad = Options(Service(Web, "nosuch", Real(11, weight: -1)), Service(Web));

        var e = await Assert.ThrowsAsync<IpvsOptionsException>(() => reconciler.ApplyAsync(bad, None));

        Assert.Contains(e.Errors, x => x.Path == "services[TCP 192.0.2.100:80].lb_algo");
        Assert.Contains(e.Errors, x => x.Path == "services[TCP 192.0.2.100:80].real_servers[198.51.100.11:80].weight");
        Assert.Contains(e.Errors, x => x.Message == "duplicate virtual service");
        Assert.Empty(_opened);
    }

    [Fact]
    public async Task ApplyAsync_KernelRefusesOneService_RestAppliedFailureNamesObjectAndRetries()
    {
        _kernel.MissingSchedulers.Add("twos");
        await using var reconciler = NewReconciler();
        var options = Options(Service(Web, "twos", Real(11)), Service(Mail, "rr", Real(12))) with { RetryInterval = TimeSpan.FromSeconds(5) };

        var result = await reconciler.ApplyAsync(options, None);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Failures.Count);
        Assert.Equal("add service TCP 192.0.2.100:80: No such file or directory (ENOENT)", result.Failures[0].Message);
        Assert.Equal("add dest 198.51.100.11:80 to TCP 192.0.2.100:80: skipped, the service could not be added (ENOENT)", result.Failures[1].Message);
        Assert.True(_kernel.Services.ContainsKey(Mail));
        Assert.Single(_kernel.Destinations[Mail]);

        _kernel.MissingSchedulers.Clear(); // e.g. the module got installed
        _time.Advance(TimeSpan.FromSeconds(5));
        await WaitForAsync(() => reconciler.LastResult!.Succeeded);
        Assert.Single(_kernel.Destinations[Web]);
    }

    [Fact]
    public async Task Timer_ServiceDeletedBehindOurBack_RestoredAtNextInterval()
    {
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options(Service(Web, "rr", Real(11))) with { ReconcileInterval = TimeSpan.FromSeconds(30) }, None);
        _kernel.Services.Remove(Web); // ipvsadm -D
        _kernel.Destinations.Remove(Web);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_kernel.Services.ContainsKey(Web));
        _time.Advance(TimeSpan.FromSeconds(1));

        await WaitForAsync(() => _kernel.Services.ContainsKey(Web) && _kernel.Destinations[Web].Count == 1);
    }

    [Fact]
    public async Task ApplyAsync_TransportError_ReportsReopensAndRetries()
    {
        await using var reconciler = NewReconciler();
        _kernel.FailNextDump = new NetlinkException(Errno.ENOBUFS, "get services");

        var result = await reconciler.ApplyAsync(Options(Service(Web)) with { RetryInterval = TimeSpan.FromSeconds(2) }, None);

        Assert.Equal("get services: No buffer space available (ENOBUFS)", result.Error);
        Assert.True(_kernel.Disposed);
        _time.Advance(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => reconciler.LastResult!.Succeeded);
        Assert.Equal(2, _opened.Count);
        Assert.True(_kernel.Services.ContainsKey(Web));
    }

    [Fact]
    public async Task ApplyAsync_FlushOnStart_FlushesOnceOnly()
    {
        _kernel.Seed(new IpvsService { Key = Foreign, Scheduler = "rr" });
        await using var reconciler = NewReconciler();
        var options = Options(Service(Web)) with { FlushOnStart = true };

        await reconciler.ApplyAsync(options, None);
        await reconciler.ApplyAsync(options with { Services = new[] { Service(Web), Service(Mail) } }, None);

        Assert.Equal(1, _kernel.Flushes);
        Assert.False(_kernel.Services.ContainsKey(Foreign));
        Assert.True(_kernel.Services.ContainsKey(Mail));
    }

    [Fact]
    public async Task ApplyAsync_FlushOnStartSetInAReload_FlushesNothing()
    {
        _kernel.Seed(new IpvsService { Key = Foreign, Scheduler = "rr" });
        await using var reconciler = NewReconciler();

        await reconciler.ApplyAsync(Options(Service(Web)), None);
        await reconciler.ApplyAsync(Options(Service(Web)) with { FlushOnStart = true }, None);

        Assert.Equal(0, _kernel.Flushes);
        Assert.True(_kernel.Services.ContainsKey(Foreign));
        Assert.True(_kernel.Services.ContainsKey(Web));
    }

    [Fact]
    public async Task StopAsync_DeleteOwnedServicesOnStop_OursDeletedOthersKept()
    {
        _kernel.Seed(new IpvsService { Key = Foreign, Scheduler = "rr" }, Real(50).ToDestination());
        var store = new InMemoryOwnershipStore();
        await using var reconciler = NewReconciler(store);
        await reconciler.ApplyAsync(Options(Service(Web, "rr", Real(11)), Service(Mail)) with { DeleteOwnedServicesOnStop = true }, None);

        await reconciler.StopAsync(None);

        Assert.Equal(0, _kernel.Flushes);
        Assert.Equal([Foreign], _kernel.Services.Keys);
        Assert.Single(_kernel.Destinations[Foreign]);
        Assert.Empty(store.Load());
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public async Task StopAsync_FlushOnStopOnlyWhenConfigured()
    {
        await using (var keep = NewReconciler())
        {
            await keep.ApplyAsync(Options(Service(Web)), None);
            await keep.StopAsync(None);
        }
        Assert.Equal(0, _kernel.Flushes);

        await using var flush = NewReconciler();
        await flush.ApplyAsync(Options(Service(Web)) with { FlushOnStop = true }, None);
        await flush.StopAsync(None);
        Assert.Equal(1, _kernel.Flushes);
        Assert.Empty(_kernel.Services);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public async Task StopAsync_TimeoutsSetByUs_TheKernelsOriginalsRestored()
    {
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options() with { Timeouts = new IpvsTimeouts(1000, 0, 60) }, None);
        await reconciler.ApplyAsync(Options() with { Timeouts = new IpvsTimeouts(1200, 0, 60) }, None);
        Assert.Equal(new IpvsTimeouts(1200, 120, 60), _kernel.Timeouts);

        await reconciler.StopAsync(None);

        Assert.Equal(new IpvsTimeouts(900, 120, 300), _kernel.Timeouts);
    }

    [Fact]
    public async Task StopAsync_NotReleasing_NeitherFlushNorDeleteButTimeoutsRestored()
    {
        await using (var flush = NewReconciler())
        {
            await flush.ApplyAsync(Options(Service(Web)) with { FlushOnStop = true, Timeouts = new IpvsTimeouts(1000, 0, 0) }, None);
            await flush.StopAsync(release: false, None);
        }
        await using (var delete = NewReconciler())
        {
            await delete.ApplyAsync(Options(Service(Web)) with { DeleteOwnedServicesOnStop = true }, None);
            await delete.StopAsync(release: false, None);
        }

        Assert.Equal(0, _kernel.Flushes);
        Assert.True(_kernel.Services.ContainsKey(Web));
        Assert.Equal(new IpvsTimeouts(900, 120, 300), _kernel.Timeouts);
    }

    [Fact]
    public async Task StopAsync_DeleteStepFails_LoggedAndTheTimeoutsStillRestored()
    {
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options(Service(Web)) with { DeleteOwnedServicesOnStop = true, Timeouts = new IpvsTimeouts(1000, 0, 0) }, None);
        _kernel.FailNextDump = new NetlinkException(Errno.ENOBUFS, "get services");

        await reconciler.StopAsync(None);

        Assert.True(_kernel.Services.ContainsKey(Web));
        Assert.Equal(new IpvsTimeouts(900, 120, 300), _kernel.Timeouts);
    }

    [Fact]
    public async Task ApplyAsync_ReloadWithoutTimeouts_TheOriginalsRestored()
    {
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options() with { Timeouts = new IpvsTimeouts(1000, 0, 60) }, None);

        await reconciler.ApplyAsync(Options(), None);
        Assert.Equal(new IpvsTimeouts(900, 120, 300), _kernel.Timeouts);
        _kernel.Timeouts = new IpvsTimeouts(700, 100, 200); // someone else's, later
        await reconciler.ApplyAsync(Options(), None);
        await reconciler.StopAsync(None);

        Assert.Equal(new IpvsTimeouts(700, 100, 200), _kernel.Timeouts);
    }

    [Fact]
    public async Task StopAsync_TimeoutsNeverChanged_LeftAlone()
    {
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options() with { Timeouts = new IpvsTimeouts(900, 0, 0) }, None);
        _kernel.Timeouts = new IpvsTimeouts(700, 100, 200); // someone else's change after ours

        await reconciler.StopAsync(None);

        Assert.Equal(new IpvsTimeouts(700, 100, 200), _kernel.Timeouts);
    }

    [Fact]
    public async Task ApplyAsync_TimeoutsAndSyncDaemon_SetOnceThenLeftAlone()
    {
        await using var reconciler = NewReconciler();
        var daemon = new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "eth1", SyncId = 3 };
        var options = Options() with { Timeouts = new IpvsTimeouts(1000, 0, 60), SyncDaemons = new[] { daemon } };

        await reconciler.ApplyAsync(options, None);
        var second = await reconciler.ApplyAsync(options, None);

        Assert.Equal(new IpvsTimeouts(1000, 120, 60), _kernel.Timeouts);
        Assert.Equal(daemon with { MaxLength = 1472, Port = 8848, Ttl = 1, Group = IPAddress.Parse("224.0.0.81") }, Assert.Single(_kernel.Daemons));
        Assert.Equal(0, second.WritesSent);

        var third = await reconciler.ApplyAsync(options with { SyncDaemons = new[] { daemon with { SyncId = 4 } } }, None);
        Assert.Equal(2, third.WritesSent); // stop + start: a daemon cannot be edited
        Assert.Equal(4u, Assert.Single(_kernel.Daemons).SyncId);

        var fourth = await reconciler.ApplyAsync(options with { SyncDaemons = ValueList<IpvsSyncDaemon>.Empty }, None);
        Assert.Equal(1, fourth.WritesSent); // ours, so stopped
        Assert.Empty(_kernel.Daemons);
    }

    [Fact]
    public async Task ApplyAsync_ForeignSyncDaemonNotConfigured_LeftAlone()
    {
        _kernel.Daemons.Add(new IpvsSyncDaemon { State = IpvsSyncDaemonState.Backup, Interface = "eth9", SyncId = 1 });
        await using var reconciler = NewReconciler();
        await reconciler.ApplyAsync(Options(Service(Web)), None);
        Assert.Single(_kernel.Daemons);
    }

    // Timer callbacks run the reconcile asynchronously; the fake completes synchronously, so this rarely loops.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Yield();
        Assert.True(condition());
    }
}
