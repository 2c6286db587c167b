using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests;

/// <summary>virtual_routes/virtual_rules follow mastership, static_* are applied by difference, VMACs live with their instance.</summary>
public class VrrpRouterNetworkTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeNetwork _network;
    private readonly VrrpRouter _router;

    public VrrpRouterNetworkTests()
    {
        _network = new FakeNetwork(_time);
        _router = new VrrpRouter(_network, _time, NullLoggerFactory.Instance, synchronousEvents: true);
    }

    private static VirtualRouteOptions Route(string prefix, string? via = null) => new()
    {
        Destination = IPAddress.Parse(prefix.Split('/')[0]),
        PrefixLength = int.Parse(prefix.Split('/')[1]),
        Gateway = via is null ? null : IPAddress.Parse(via),
        Device = via is null ? "eth0" : null,
    };

    private static VirtualRuleOptions Rule(uint preference, uint table) => new() { From = IPAddress.Parse("192.0.2.0"), FromPrefixLength = 24, Table = table, Preference = preference };

    private static VrrpInstanceOptions Instance(int priority = 100, EquatableArray<VirtualRouteOptions> routes = default, EquatableArray<VirtualRuleOptions> rules = default) => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = VrrpVersion.V3,
        Priority = priority,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100"), PrefixLength = 24 } },
        VirtualRoutes = routes,
        VirtualRules = rules,
    };

    private static VrrpOptions Options(VrrpInstanceOptions instance, StaticNetworkOptions? statics = null) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", instance)]),
        Static = statics ?? new StaticNetworkOptions(),
    };

    private void ToMaster() => _time.Advance(TimeSpan.FromSeconds(4));

    private void ReceiveHigherPriority(string device = "eth0") => _network.Sink!.OnIpv4Datagram(device, HigherPriorityDatagram());

    /// <summary>A v3 advert of VRID 51, priority 200, from 192.0.2.2 to 224.0.0.18, IPv4 header included.</summary>
    private static byte[] HigherPriorityDatagram()
    {
        var source = IPAddress.Parse("192.0.2.2");
        var advert = VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetwork, 51, 200, 100, [IPAddress.Parse("192.0.2.100")]);
        var payload = new byte[VrrpPacketCodec.MaxMessageLength];
        Assert.True(VrrpPacketCodec.TryEncode(advert, source, VrrpInstanceOptions.DefaultIpv4Group, VrrpChecksumMode.IncludePseudoHeader, payload, out var n));
        var datagram = new byte[20 + n];
        datagram[0] = 0x45;
        datagram[2] = (byte)(datagram.Length >> 8);
        datagram[3] = (byte)datagram.Length;
        datagram[8] = 255;
        datagram[9] = 112;
        source.GetAddressBytes().CopyTo(datagram, 12);
        VrrpInstanceOptions.DefaultIpv4Group.GetAddressBytes().CopyTo(datagram, 16);
        payload.AsSpan(0, n).CopyTo(datagram.AsSpan(20));
        return datagram;
    }

    [Fact]
    public async Task VirtualRoutes_AddedOnMasterRemovedOnBackup()
    {
        await _router.ApplyAsync(Options(Instance(routes: new[] { Route("198.51.100.0/24", "192.0.2.254") }, rules: new[] { Rule(100, 100) })));
        Assert.Empty(_network.RouteManager.Present);

        ToMaster();
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Equal(2, _network.RouteManager.Present.Count);

        ReceiveHigherPriority();
        Assert.Equal(VrrpState.Backup, _router.GetState("VI_1"));
        Assert.Empty(_network.RouteManager.Present);
        // Rules go before routes, routes come before rules.
        Assert.Equal(["VI_1 add route 198.51.100.0/24 via 192.0.2.254", "VI_1 add rule from 192.0.2.0/24 table 100 preference 100",
            "VI_1 remove rule from 192.0.2.0/24 table 100 preference 100", "VI_1 remove route 198.51.100.0/24 via 192.0.2.254"], _network.RouteManager.Calls);
    }

    [Fact]
    public async Task ApplyAsync_MasterRouteSetChanged_OnlyRoutesChangeStateAndAddressesKept()
    {
        await _router.ApplyAsync(Options(Instance(routes: new[] { Route("198.51.100.0/24", "192.0.2.254"), Route("203.0.113.0/24") })));
        ToMaster();
        var addressCalls = _network.AddressManager.Calls.Count;
        var transports = _network.AllTransports.Count;
        _network.RouteManager.Calls.Clear();

        await _router.ApplyAsync(Options(Instance(routes: new[] { Route("198.51.100.0/24", "192.0.2.254"), Route("203.0.113.128/25") })));

        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Equal(["VI_1 remove route 203.0.113.0/24 dev eth0", "VI_1 add route 203.0.113.128/25 dev eth0"], _network.RouteManager.Calls);
        Assert.Equal(addressCalls, _network.AddressManager.Calls.Count);
        Assert.Equal(transports, _network.AllTransports.Count);
    }

    [Fact]
    public async Task ApplyAsync_BackupRouteSetChanged_NothingTouched()
    {
        await _router.ApplyAsync(Options(Instance(routes: new[] { Route("198.51.100.0/24", "192.0.2.254") })));

        await _router.ApplyAsync(Options(Instance(routes: new[] { Route("203.0.113.0/24") })));

        Assert.Empty(_network.RouteManager.Calls);
        ToMaster();
        Assert.Equal(["route 203.0.113.0/24 dev eth0"], _network.RouteManager.Present);
    }

    [Fact]
    public async Task StaticNetwork_AppliedAtStartByDifferenceOnReloadAndRemovedOnStop()
    {
        var address = new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.50"), PrefixLength = 24, Device = "eth0" };
        var first = new StaticNetworkOptions { Addresses = new[] { address }, Routes = new[] { Route("198.51.100.0/24", "192.0.2.254") }, Rules = new[] { Rule(10, 10) } };
        await _router.ApplyAsync(Options(Instance(), first));
        Assert.Contains("192.0.2.50/24 dev eth0", _network.AddressManager.Present);
        Assert.Equal(2, _network.RouteManager.Present.Count);

        // A transition leaves static entries alone.
        ToMaster();
        ReceiveHigherPriority();
        Assert.Equal(2, _network.RouteManager.Present.Count);
        Assert.Contains("192.0.2.50/24 dev eth0", _network.AddressManager.Present);

        _network.RouteManager.Calls.Clear();
        await _router.ApplyAsync(Options(Instance(), first with { Rules = new[] { Rule(20, 20) } }));
        Assert.Equal(["static remove rule from 192.0.2.0/24 table 10 preference 10", "static add rule from 192.0.2.0/24 table 20 preference 20"], _network.RouteManager.Calls);

        await _router.StopAsync();
        Assert.Empty(_network.RouteManager.Present);
        Assert.DoesNotContain("192.0.2.50/24 dev eth0", _network.AddressManager.Present);
    }

    [Fact]
    public async Task UseVmac_AddressesOnVmacListenOnVmacAndReleasedOnStop()
    {
        var instance = Instance() with { Vmac = new VmacOptions() };
        await _router.ApplyAsync(Options(instance));
        Assert.Equal(["vrrp.51"], _network.VmacManager.Present);
        Assert.Equal(["vrrp.51"], _network.Listening);

        // The peer's adverts reach the VMAC (the macvlan driver hands it frames from our own virtual MAC).
        _time.Advance(TimeSpan.FromSeconds(2));
        ReceiveHigherPriority("vrrp.51");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(VrrpState.Backup, _router.GetState("VI_1"));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Contains("192.0.2.100/24 dev vrrp.51", _network.AddressManager.Present);

        await _router.StopAsync();
        Assert.Empty(_network.VmacManager.Present);
        Assert.Empty(_network.AddressManager.Present);
    }

    [Fact]
    public async Task UseVmacWithTransmitOnBase_ListensOnBaseAddressesStillOnVmac()
    {
        await _router.ApplyAsync(Options(Instance(priority: 255) with { Vmac = new VmacOptions { Name = "vmac1", TransmitOnBase = true } }));
        Assert.Equal(["eth0"], _network.Listening);
        Assert.Contains("192.0.2.100/24 dev vmac1", _network.AddressManager.Present);
    }

    [Fact]
    public async Task ApplyAsync_VmacAdded_InstanceRestarted()
    {
        await _router.ApplyAsync(Options(Instance()));
        await _router.ApplyAsync(Options(Instance() with { Vmac = new VmacOptions() }));
        Assert.Equal(["ensure vrrp.51"], _network.VmacManager.Calls);
        Assert.Equal(2, _network.AllTransports.Count);
    }

    [Fact]
    public async Task ApplyAsync_Strict_PreemptDelayDroppedAndNoAcceptUnlessOwner()
    {
        var options = Options(Instance() with { PreemptDelay = TimeSpan.FromSeconds(5) }) with { Strict = true };
        await _router.ApplyAsync(options);
        Assert.Equal(TimeSpan.Zero, _router.Options.Instances["VI_1"].PreemptDelay);
        Assert.False(_router.Options.Instances["VI_1"].Accept);
    }

    [Fact]
    public async Task ApplyAsync_NoAcceptInstances_FilterHoldsTheirAddressesUntilStop()
    {
        var owner = Instance(priority: 255) with { VirtualRouterId = 52, VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.200") } } };
        var options = new VrrpOptions
        {
            Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", Instance()), KeyValuePair.Create("OWNER", owner)]),
            Strict = true,
        };
        await _router.ApplyAsync(options);
        Assert.Equal([IPAddress.Parse("192.0.2.100")], _network.Filter.Applied[^1]);

        await _router.ApplyAsync(options with { Strict = false });
        Assert.Empty(_network.Filter.Applied[^1]);

        await _router.ApplyAsync(Options(Instance() with { Accept = false }));
        Assert.Equal([IPAddress.Parse("192.0.2.100")], _network.Filter.Applied[^1]);

        await _router.StopAsync();
        Assert.Empty(_network.Filter.Applied[^1]);
    }
}
