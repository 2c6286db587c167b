using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// rtnetlink events in a namespace: track_interface follows RTM_NEWLINK (the event socket, not the 100 ms poll),
/// deleted static entries are put back, track_group makes the group's instances track the entries' devices, and a
/// Master whose VIP is deleted by hand goes to BACKUP.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class NetlinkEventNamespaceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private static VrrpInstanceOptions Instance() => new()
    {
        Interface = "eth0",
        VirtualRouterId = 61,
        Version = VrrpVersion.V3,
        AdvertisementInterval = TimeSpan.FromMilliseconds(100),
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100"), PrefixLength = 24 } },
    };

    private static VrrpOptions Options(VrrpInstanceOptions instance, StaticNetworkOptions? statics = null, bool trackGroup = false) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", instance)]),
        Static = statics ?? new StaticNetworkOptions(),
        TrackGroups = trackGroup
            ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("TG", new EquatableArray<string>(new[] { "VI_1" }))])
            : ImmutableSortedDictionary<string, EquatableArray<string>>.Empty.WithComparers(StringComparer.Ordinal),
    };

    [Fact]
    public async Task TrackInterface_CarrierLostAndBack_FaultAndBackFromLinkEvents()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        try
        {
            // A veth pair inside A: taking the far end down drops trk0's carrier (IFF_RUNNING), as a pulled cable would.
            NamespaceLab.Run("ip", $"-n {lab.A} link add trk0 type veth peer name trk1");
            NamespaceLab.Run("ip", $"-n {lab.A} link set trk0 up");
            NamespaceLab.Run("ip", $"-n {lab.A} link set trk1 up");
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Options(Instance() with { Tracking = new VrrpTrackingOptions { Interfaces = new[] { new VrrpTrackReference { Name = "trk0" } } } }));
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master, Settle), "not master\n" + logs);

            NamespaceLab.Run("ip", $"-n {lab.A} link set trk1 down");
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Fault, Settle), "no FAULT after trk0 lost carrier\n" + logs);
            Assert.False(lab.Holds(lab.A, "192.0.2.100"), "the VIP stayed in FAULT");

            NamespaceLab.Run("ip", $"-n {lab.A} link set trk1 up");
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master, Settle), "not master again after trk0's carrier came back\n" + logs);
            Assert.Contains(logs.Lines, l => l.Contains("Netlink reports trk0 down", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Lines, l => l.Contains("link events unavailable", StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task StaticEntries_DeletedArePutBack_TrackGroupFollowsTheirDevice()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var statics = new StaticNetworkOptions
        {
            Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("198.51.100.9"), PrefixLength = 24, Device = "trk0", TrackGroup = "TG" } },
            Routes = new[] { new VirtualRouteOptions { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Device = "trk0", Table = 300, TrackGroup = "TG" } },
        };
        string Addresses() => NamespaceLab.Run("ip", $"-n {lab.A} -o addr show dev trk0");
        string Table300() => NamespaceLab.Run("ip", $"-n {lab.A} route show table 300");
        try
        {
            NamespaceLab.Run("ip", $"-n {lab.A} link add trk0 type veth peer name trk1");
            NamespaceLab.Run("ip", $"-n {lab.A} link set trk1 up");
            NamespaceLab.Run("ip", $"-n {lab.A} link set trk0 up");
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Options(Instance(), statics, trackGroup: true));
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master, Settle), "not master\n" + logs);

            // keepalived puts deleted static entries back.
            NamespaceLab.Run("ip", $"-n {lab.A} addr del 198.51.100.9/24 dev trk0");
            Assert.True(await NamespaceLab.WaitAsync(() => Addresses().Contains("198.51.100.9/24", StringComparison.Ordinal), Settle), "the static address was not put back\n" + logs);
            Assert.Contains(logs.Lines, l => l.Contains("Restoring deleted static address 198.51.100.9/24 dev trk0", StringComparison.Ordinal));
            NamespaceLab.Run("ip", $"-n {lab.A} route del 203.0.113.0/24 dev trk0 table 300");
            Assert.True(await NamespaceLab.WaitAsync(() => Table300().Contains("203.0.113.0/24 dev trk0", StringComparison.Ordinal), Settle), "the static route was not put back\n" + logs);
            Assert.Equal(VrrpState.Master, a.GetState("VI_1"));

            // track_group: the group's instances track trk0; its routes go with it and come back with it.
            NamespaceLab.Run("ip", $"-n {lab.A} link set trk0 down");
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Fault, Settle), "no FAULT after trk0 went down\n" + logs);
            NamespaceLab.Run("ip", $"-n {lab.A} link set trk0 up");
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master, Settle), "not master after trk0 came back\n" + logs);
            Assert.True(await NamespaceLab.WaitAsync(() => Table300().Contains("203.0.113.0/24 dev trk0", StringComparison.Ordinal), Settle), "the route was not put back after trk0 came up\n" + logs);
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task VipDeletedByHand_MasterGoesBackupThenMasterAgainWithTheVip()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        try
        {
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Options(Instance()));
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master && lab.Holds(lab.A, "192.0.2.100"), Settle), "not master\n" + logs);

            NamespaceLab.Run("ip", $"-n {lab.A} addr del 192.0.2.100/24 dev eth0");

            Assert.True(await NamespaceLab.WaitAsync(() => logs.Lines.Any(l => l.Contains("(VI_1) VIP 192.0.2.100/24 dev eth0 was deleted: going to BACKUP", StringComparison.Ordinal)), Settle), "no BACKUP after the VIP was deleted\n" + logs);
            // Alone on the link, it is Master again after Master_Down_Interval, with its VIP.
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master && lab.Holds(lab.A, "192.0.2.100"), Settle), "not master with the VIP again\n" + logs);
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }
}
