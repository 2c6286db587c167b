using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>Deleted static addresses and routes are put back once their device is up (keepalived's reinstate_static_*).</summary>
public class StaticEntryKeeperTests
{
    private readonly FakeStaticEntryProbe _probe = new();
    private readonly FakeAddressManager _addresses = new();
    private readonly FakeRouteManager _routes = new();
    private readonly HashSet<string> _down = new();
    private readonly StaticEntryKeeper _keeper;

    public StaticEntryKeeperTests() =>
        _keeper = new StaticEntryKeeper(_probe, _addresses, _routes, name => !_down.Contains(name), NullLogger.Instance);

    private static StaticNetworkOptions Statics(bool noTrack = false) => new()
    {
        Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("198.51.100.5"), PrefixLength = 24, Device = "eth1", NoTrack = noTrack } },
        Routes = new[] { new VirtualRouteOptions { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Device = "eth2", NoTrack = noTrack } },
        Rules = new[] { new VirtualRuleOptions { Table = 100, Preference = 100 } },
    };

    [Fact]
    public void CheckNow_AddressAndRouteDeleted_PutBackRulesLeftAlone()
    {
        _keeper.Configure(Statics());
        _probe.Deleted.UnionWith(["address 198.51.100.5/24 dev eth1", "route 203.0.113.0/24 dev eth2", "rule " + Statics().Rules[0]]);

        _keeper.CheckNow();

        Assert.Equal(["add 198.51.100.5"], _addresses.Calls);
        Assert.Equal(["static add route 203.0.113.0/24 dev eth2"], _routes.Calls);
    }

    [Fact]
    public void CheckNow_DeviceDown_NotPutBackUntilUp()
    {
        _keeper.Configure(Statics());
        _probe.Deleted.Add("address 198.51.100.5/24 dev eth1");
        _down.Add("eth1");

        _keeper.CheckNow();
        Assert.Empty(_addresses.Calls);
        _down.Clear();
        _keeper.CheckNow();

        Assert.Equal(["add 198.51.100.5"], _addresses.Calls);
    }

    [Fact]
    public void CheckNow_NothingMissing_NothingAdded()
    {
        _keeper.Configure(Statics());

        _keeper.CheckNow();

        Assert.Equal(1, _probe.Checks);
        Assert.Empty(_addresses.Calls);
        Assert.Empty(_routes.Calls);
    }

    [Fact]
    public void OnNetworkChanged_OnlyNoTrackEntries_NeverProbed()
    {
        _keeper.Configure(Statics(noTrack: true));
        _probe.Deleted.Add("address 198.51.100.5/24 dev eth1");

        _keeper.OnNetworkChanged(RouteEvents.All);
        _keeper.CheckNow();

        Assert.Equal(0, _probe.Checks);
        Assert.Empty(_addresses.Calls);
    }
}
