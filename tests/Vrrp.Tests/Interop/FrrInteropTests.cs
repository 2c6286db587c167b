using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Our router against real FRR 8.4 vrrpd in network namespaces (shared/frr-vrrp): election both ways,
/// graceful stop (priority 0) and crash of either side, preempt and nopreempt; v2 and v3, IPv4 and IPv6
/// (FRR has no unicast VRRP). Who is Master: <c>ip -n NS addr</c> for ours, <c>show vrrp json</c> for FRR.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class FrrInteropTests(ITestOutputHelper output)
{
    private const int Vrid = 51;

    public sealed record Case(string Name, int Version, bool Ipv6, TimeSpan Interval)
    {
        public override string ToString() => Name;

        public string Vip => Ipv6 ? "2001:db8::100" : "192.0.2.100";
    }

    public static TheoryData<Case> Cases => new()
    {
        new Case("v3-ipv4", 3, false, TimeSpan.FromMilliseconds(100)),
        new Case("v3-ipv6", 3, true, TimeSpan.FromMilliseconds(100)),
        new Case("v2-ipv4", 2, false, TimeSpan.FromSeconds(1)),
    };

    private static VrrpOptions OurOptions(Case c, int priority, bool preempt = true) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = Vrid,
            Version = (VrrpVersion)c.Version,
            Priority = priority,
            AdvertisementInterval = c.Interval,
            Preempt = preempt,
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(c.Vip) } },
        })]),
    };

    private static TimeSpan MasterDown(Case c, int priority) => VrrpTimers.MasterDownInterval((VrrpVersion)c.Version, priority, c.Interval);

    // Process start-up of `ip`/vtysh on a loaded two-core machine, on top of the protocol's bounds.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OursMaster_FrrBackup_ThenGracefulStopHandsOver(Case c)
    {
        using var lab = new NamespaceLab();
        using var frr = new FrrPeer(lab.B);
        var logs = new CollectingLoggerFactory();
        var router = new VrrpRouter(logs, lab.A);
        try
        {
            await router.ApplyAsync(OurOptions(c, 150));
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, c.Vip), MasterDown(c, 150) + Margin), "our router did not take the VIP\n" + logs);
            frr.Up(Vrid, c.Vip, 100, c.Interval, c.Version);

            // FRR starts in Backup and must stay there: it accepts our adverts (counts them) and never preempts.
            await Task.Delay(MasterDown(c, 100) * 3);
            Assert.Equal("Backup", frr.Status(c.Ipv6));
            Assert.True(frr.AdvertisementsReceived(c.Ipv6) > 0, "FRR accepted none of our adverts\n" + frr);
            Assert.True(lab.Holds(lab.A, c.Vip));
            Assert.Equal(VrrpState.Master, router.GetState("VI_1"));

            var stopped = Stopwatch.StartNew();
            await router.DisposeAsync();
            Assert.False(lab.Holds(lab.A, c.Vip));
            // Priority 0: FRR takes over after its skew time, well before its Master_Down_Interval.
            Assert.True(await NamespaceLab.WaitAsync(() => frr.Status(c.Ipv6) == "Master", MasterDown(c, 100) + Margin), "FRR did not take over\n" + frr);
            output.WriteLine($"{c}: FRR Master {stopped.ElapsedMilliseconds} ms after our graceful stop (skew {VrrpTimers.SkewTime((VrrpVersion)c.Version, 100, c.Interval).TotalMilliseconds:F0} ms, Master_Down_Interval {MasterDown(c, 100).TotalMilliseconds:F0} ms)");
        }
        finally
        {
            await router.DisposeAsync();
            output.WriteLine(logs.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FrrMaster_OursBackup_ThenCrashFailsOver(Case c)
    {
        using var lab = new NamespaceLab();
        using var frr = new FrrPeer(lab.A);
        var logs = new CollectingLoggerFactory();
        var router = new VrrpRouter(logs, lab.B);
        var masterAt = new ConcurrentQueue<DateTimeOffset>();
        router.StateChanged += (_, change) => { if (change.Current == VrrpState.Master) masterAt.Enqueue(change.Timestamp); };
        try
        {
            frr.Up(Vrid, c.Vip, 150, c.Interval, c.Version);
            Assert.True(await NamespaceLab.WaitAsync(() => frr.Status(c.Ipv6) == "Master", MasterDown(c, 150) + Margin), "FRR did not become master\n" + frr);
            await router.ApplyAsync(OurOptions(c, 100));

            await Task.Delay(MasterDown(c, 100) * 3);
            Assert.Equal(VrrpState.Backup, router.GetState("VI_1"));
            Assert.False(lab.Holds(lab.B, c.Vip), "we took the VIP while FRR is master (its adverts rejected?)\n" + logs);
            var stats = Assert.Single(router.GetStatistics().Instances);
            Assert.True(stats.AdvertisementsReceived > 0, "no advert of FRR accepted\n" + logs);
            Assert.Empty(stats.Drops);

            frr.Crash();
            var crashed = DateTimeOffset.UtcNow;
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, c.Vip), MasterDown(c, 100) + Margin), "we did not take over after vrrpd was killed\n" + logs);
            // The VIP is added before StateChanged is raised: the event may trail the address by a few ms.
            Assert.True(await NamespaceLab.WaitAsync(() => !masterAt.IsEmpty, TimeSpan.FromSeconds(2)), "no MASTER state change raised\n" + logs);
            Assert.True(masterAt.TryPeek(out var at));
            output.WriteLine($"{c}: our router Master {(at - crashed).TotalMilliseconds:F0} ms after kill -9 of vrrpd returned (Master_Down_Interval {MasterDown(c, 100).TotalMilliseconds:F0} ms)");
            Assert.True(at - crashed <= MasterDown(c, 100) + TimeSpan.FromMilliseconds(250), $"failover took {(at - crashed).TotalMilliseconds} ms");
        }
        finally
        {
            await router.DisposeAsync();
            output.WriteLine(logs.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FrrMaster_StopsGracefully_OursTakesOverAfterSkewTime(Case c)
    {
        using var lab = new NamespaceLab();
        using var frr = new FrrPeer(lab.A);
        var logs = new CollectingLoggerFactory();
        await using var router = new VrrpRouter(logs, lab.B);
        try
        {
            frr.Up(Vrid, c.Vip, 150, c.Interval, c.Version);
            Assert.True(await NamespaceLab.WaitAsync(() => frr.Status(c.Ipv6) == "Master", MasterDown(c, 150) + Margin), "FRR did not become master\n" + frr);
            await router.ApplyAsync(OurOptions(c, 100));
            await Task.Delay(MasterDown(c, 100) * 2);
            Assert.Equal(VrrpState.Backup, router.GetState("VI_1"));

            var stopping = Stopwatch.StartNew();
            frr.Down();
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, c.Vip), MasterDown(c, 100) + Margin), "we did not take over after FRR stopped\n" + logs);
            output.WriteLine($"{c}: our router holds the VIP {stopping.ElapsedMilliseconds} ms after `frr-vrrp-lab down` started");
            var stats = Assert.Single(router.GetStatistics().Instances);
            Assert.True(stats.PriorityZeroReceived > 0, "no priority-0 advert of FRR seen\n" + logs);
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OursMasterLower_FrrHigherJoins_FrrPreemptsUnlessNopreempt(bool frrPreempts)
    {
        var c = new Case("v3-ipv4", 3, false, TimeSpan.FromMilliseconds(100));
        using var lab = new NamespaceLab();
        using var frr = new FrrPeer(lab.B);
        var logs = new CollectingLoggerFactory();
        await using var router = new VrrpRouter(logs, lab.A);
        try
        {
            await router.ApplyAsync(OurOptions(c, 100));
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, c.Vip), MasterDown(c, 100) + Margin), "our router did not take the VIP\n" + logs);
            frr.Up(Vrid, c.Vip, 150, c.Interval, c.Version, preempt: frrPreempts);
            if (frrPreempts)
            {
                await NamespaceLab.WaitAsync(() => frr.Status(false) == "Master" && !lab.Holds(lab.A, c.Vip), MasterDown(c, 150) * 3 + TimeSpan.FromSeconds(10));
            }
            else
            {
                // Nothing must change: first proof that vrrpd runs the router, then its Master_Down_Interval several times over.
                await NamespaceLab.WaitAsync(() => frr.Status(false) == "Backup", TimeSpan.FromSeconds(10));
                await Task.Delay(MasterDown(c, 150) * 3 + TimeSpan.FromMilliseconds(500));
            }
            if (frrPreempts)
            {
                Assert.Equal("Master", frr.Status(false));
                Assert.Equal(VrrpState.Backup, router.GetState("VI_1"));
                Assert.False(lab.Holds(lab.A, c.Vip), "we kept the VIP after FRR (150) preempted\n" + logs);
            }
            else
            {
                Assert.Equal("Backup", frr.Status(false));
                Assert.Equal(VrrpState.Master, router.GetState("VI_1"));
                Assert.True(lab.Holds(lab.A, c.Vip));
            }
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FrrMasterLower_OursHigherJoins_PreemptsUnlessNopreempt(bool oursPreempts)
    {
        var c = new Case("v3-ipv4", 3, false, TimeSpan.FromMilliseconds(100));
        using var lab = new NamespaceLab();
        using var frr = new FrrPeer(lab.A);
        var logs = new CollectingLoggerFactory();
        await using var router = new VrrpRouter(logs, lab.B);
        try
        {
            frr.Up(Vrid, c.Vip, 100, c.Interval, c.Version);
            Assert.True(await NamespaceLab.WaitAsync(() => frr.Status(false) == "Master", MasterDown(c, 100) + Margin), "FRR did not become master\n" + frr);
            await router.ApplyAsync(OurOptions(c, 150, preempt: oursPreempts));
            if (oursPreempts) await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, c.Vip) && frr.Status(false) == "Backup", MasterDown(c, 150) * 3 + TimeSpan.FromSeconds(10));
            else await Task.Delay(MasterDown(c, 150) * 3 + TimeSpan.FromMilliseconds(500));
            if (oursPreempts)
            {
                Assert.Equal(VrrpState.Master, router.GetState("VI_1"));
                Assert.True(lab.Holds(lab.B, c.Vip));
                Assert.Equal("Backup", frr.Status(false));
            }
            else
            {
                Assert.Equal(VrrpState.Backup, router.GetState("VI_1"));
                Assert.False(lab.Holds(lab.B, c.Vip), "nopreempt router took over\n" + logs);
                Assert.Equal("Master", frr.Status(false));
            }
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }
}
