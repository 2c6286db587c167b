using System.Net;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Tests.Configuration;

/// <summary>Reload diffs of routes, rules and static entries depend on value equality.</summary>
public class VrrpNetworkOptionsEqualityTests
{
    private static VirtualRouteOptions Route() => new()
    {
        Destination = IPAddress.Parse("198.51.100.0"),
        PrefixLength = 24,
        Nexthops = new[] { new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.1"), Weight = 2 } },
        Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1400) },
    };

    private static VirtualRuleOptions Rule() => new() { From = IPAddress.Parse("192.0.2.0"), FromPrefixLength = 24, Table = 100, Preference = 10, SourcePorts = (1, 2) };

    [Fact]
    public void Equals_SameContentNewCollections_Equal()
    {
        Assert.Equal(Route(), Route());
        Assert.Equal(Route().GetHashCode(), Route().GetHashCode());
        Assert.Equal(Rule(), Rule());
        Assert.Equal(new StaticNetworkOptions { Routes = new[] { Route() }, Rules = new[] { Rule() } }, new StaticNetworkOptions { Routes = new[] { Route() }, Rules = new[] { Rule() } });
        Assert.Equal(new VrrpOptions { Static = new StaticNetworkOptions { Routes = new[] { Route() } } }, new VrrpOptions { Static = new StaticNetworkOptions { Routes = new[] { Route() } } });
    }

    [Fact]
    public void Equals_NexthopOrMetricChanged_NotEqual()
    {
        Assert.NotEqual(Route(), Route() with { Nexthops = new[] { new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.1"), Weight = 3 } } });
        Assert.NotEqual(Route(), Route() with { Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1400, Locked: true) } });
        Assert.NotEqual(Rule(), Rule() with { SourcePorts = (1, 3) });
    }

    [Fact]
    public void Equals_VrrpOptionsStaticOrStrictChanged_NotEqual()
    {
        Assert.NotEqual(new VrrpOptions(), new VrrpOptions { Strict = true });
        Assert.NotEqual(new VrrpOptions(), new VrrpOptions { Static = new StaticNetworkOptions { Rules = new[] { Rule() } } });
    }

    [Fact]
    public void ToString_LikeIpRouteAndIpRule()
    {
        Assert.Equal("198.51.100.0/24 nexthop via 192.0.2.1 weight 2 mtu 1400", Route().ToString());
        Assert.Equal("default via 192.0.2.1 table 200", new VirtualRouteOptions { Destination = IPAddress.Any, PrefixLength = 0, Gateway = IPAddress.Parse("192.0.2.1"), Table = 200 }.ToString());
        Assert.Equal("from 192.0.2.0/24 sport 1-2 table 100 preference 10", Rule().ToString());
        Assert.Equal("not from all goto 500 preference 400", new VirtualRuleOptions { Invert = true, Action = RuleAction.Goto, GotoPreference = 500, Preference = 400 }.ToString());
    }
}
