using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>Two of our routers in two namespaces: preemption, nopreempt, fast failover and spurious transitions.</summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class OursVersusOursTests(ITestOutputHelper output)
{
    private const string Vip = "192.0.2.100";

    private static VrrpOptions Options(int priority, TimeSpan interval, bool preempt = true) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = 51,
            Version = VrrpVersion.V3,
            Priority = priority,
            AdvertisementInterval = interval,
            Preempt = preempt,
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(Vip) } },
        })]),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HigherPriorityJoins_PreemptsOnlyWhenPreemptIsOn(bool preempt)
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        await using var a = new VrrpRouter(logs, lab.A);
        await using var b = new VrrpRouter(logs, lab.B);
        var interval = TimeSpan.FromMilliseconds(100);
        try
        {
            await a.ApplyAsync(Options(100, interval));
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), TimeSpan.FromSeconds(2)));

            await b.ApplyAsync(Options(150, interval, preempt));
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            if (preempt)
            {
                Assert.True(lab.Holds(lab.B, Vip), "the higher priority router did not preempt\n" + logs);
                Assert.False(lab.Holds(lab.A, Vip));
                Assert.Equal(VrrpState.Backup, a.GetState("VI_1"));
            }
            else
            {
                Assert.True(lab.Holds(lab.A, Vip), "nopreempt router took over\n" + logs);
                Assert.False(lab.Holds(lab.B, Vip));
                Assert.Equal(VrrpState.Backup, b.GetState("VI_1"));
            }
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    /// <summary>Issue 3 §7: failover gap at v3 0.01 s (bound 3×advert+skew) and no spurious transitions in steady state, with both cores busy.</summary>
    [Fact]
    public async Task V3TenMilliseconds_SteadyUnderCpuLoadThenLinkLoss_NoSpuriousTransitionAndFastFailover()
    {
        var stress = Prerequisites.RequireCommand("stress-ng", "stress-ng");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var interval = TimeSpan.FromMilliseconds(10);
        await using var a = new VrrpRouter(logs, lab.A);
        await using var b = new VrrpRouter(logs, lab.B);
        var bChanges = new ConcurrentQueue<VrrpStateChange>();
        b.StateChanged += (_, c) => bChanges.Enqueue(c);
        try
        {
            await a.ApplyAsync(Options(150, interval));
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), TimeSpan.FromSeconds(2)));
            await b.ApplyAsync(Options(100, interval));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            bChanges.Clear();

            var load = lab.Start(stress, "--cpu 2 --timeout 6s --quiet");
            await Task.Delay(TimeSpan.FromSeconds(5));
            var spurious = bChanges.Count(c => c.Current == VrrpState.Master);
            await load.WaitForExitAsync();
            output.WriteLine($"spurious Backup->Master transitions in 5 s at 10 ms adverts with 2 CPU hogs: {spurious}");
            Assert.Equal(0, spurious);

            var before = DateTimeOffset.UtcNow;
            NamespaceLab.Run("ip", $"-n {lab.A} link set eth0 down");
            // The link went down while `ip` ran (process start-up included): between before and down.
            var down = DateTimeOffset.UtcNow;
            Assert.True(await NamespaceLab.WaitAsync(() => bChanges.Any(c => c.Current == VrrpState.Master), TimeSpan.FromSeconds(1)), "no failover\n" + logs);
            var gap = bChanges.First(c => c.Current == VrrpState.Master).Timestamp - down;
            var bound = VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, interval);
            output.WriteLine($"failover {gap.TotalMilliseconds:F1} ms after `ip link set down` returned, {(gap + (down - before)).TotalMilliseconds:F1} ms after it started (Master_Down_Interval {bound.TotalMilliseconds:F2} ms)");
            Assert.True(gap <= bound + TimeSpan.FromMilliseconds(20), $"failover took {gap.TotalMilliseconds} ms");
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }
}
