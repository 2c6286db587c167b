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

        _keeper.OnNetworkChanged(NetworkChange.Everything);
        _keeper.CheckNow();

        Assert.Equal(0, _probe.Checks);
        Assert.Empty(_addresses.Calls);
    }

    private static NetworkChange Change(string what) => what switch
    {
        "lost events" => NetworkChange.Everything,
        "a kernel link event" => new NetworkChange(RouteEvents.Link, false, [], []),
        "the 1 s link re-read" => NetworkChange.LinkPoll,
        "a route learnt" => new NetworkChange(RouteEvents.Route, false, [], []),
        "another route deleted" => new NetworkChange(RouteEvents.Route, false, [new KernelRouteKey(System.Net.Sockets.AddressFamily.InterNetwork, IPAddress.Parse("10.0.0.0"), 8, 0, 254, 0, 1)], []),
        "the kept route deleted" => new NetworkChange(RouteEvents.Route, false, [new KernelRouteKey(System.Net.Sockets.AddressFamily.InterNetwork, IPAddress.Parse("203.0.113.0"), 24, 0, 254, 0, 1)], []),
        "the kept address deleted" => new NetworkChange(RouteEvents.Address, false, [], [new KernelAddressKey(3, IPAddress.Parse("198.51.100.5"), 24)]),
        _ => new NetworkChange(RouteEvents.Address, false, [], [new KernelAddressKey(3, IPAddress.Parse("198.51.100.6"), 24)]),
    };

    [Theory]
    [InlineData("lost events", true)]
    [InlineData("a kernel link event", true)]
    [InlineData("the 1 s link re-read", false)]
    [InlineData("a route learnt", false)]
    [InlineData("another route deleted", false)]
    [InlineData("the kept route deleted", true)]
    [InlineData("the kept address deleted", true)]
    [InlineData("another address deleted", false)]
    public void Concerns_OnlyWhatMayTouchAKeptEntry(string what, bool expected) =>
        Assert.True(expected == StaticEntryKeeper.Concerns(Statics(), Change(what)), what);
}
