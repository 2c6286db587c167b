using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Configuration;

public class VrrpNetworkOptionsValidatorTests
{
    private static VrrpInstanceOptions Instance() => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = VrrpVersion.V3,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100") } },
    };

    private static VrrpOptions Options(VrrpInstanceOptions instance, StaticNetworkOptions? statics = null, bool strict = false) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", instance)]),
        Static = statics ?? new StaticNetworkOptions(),
        Strict = strict,
    };

    private static VirtualRouteOptions Route(string destination = "198.51.100.0", int prefix = 24) => new()
    {
        Destination = IPAddress.Parse(destination),
        PrefixLength = prefix,
        Device = "eth0",
    };

    private static IReadOnlyList<VrrpOptionsError> Validate(VrrpOptions options) => VrrpOptionsValidator.Validate(options);

    [Fact]
    public void Validate_GoodRoutesRulesVmacStatic_NoErrors()
    {
        var instance = Instance() with
        {
            VirtualRoutes = new[] { Route(), Route("2001:db8:1::", 48) with { Gateway = IPAddress.Parse("2001:db8::fe"), Device = null } },
            VirtualRules = new[] { new VirtualRuleOptions { From = IPAddress.Parse("192.0.2.0"), FromPrefixLength = 24, Table = 100, Preference = 100 } },
            Vmac = new VmacOptions(),
        };
        var statics = new StaticNetworkOptions { Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.50"), Device = "eth0" } } };
        Assert.Empty(Validate(Options(instance, statics)));
    }

    public static TheoryData<string, VirtualRouteOptions> BadRoutes => new()
    {
        { "prefix /33", Route(prefix: 33) },
        { "not of the destination's family", Route() with { Gateway = IPAddress.Parse("2001:db8::1") } },
        { "src", Route() with { Source = IPAddress.Parse("2001:db8::1") } },
        { "table 0", Route() with { Table = 0 } },
        { "both 'via' and 'nexthop'", Route() with { Gateway = IPAddress.Parse("192.0.2.1"), Nexthops = new[] { new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.2") } } } },
        { "weight 0", Route() with { Nexthops = new[] { new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.2"), Weight = 0 } } } },
        { "has no gateway", Route() with { Type = RouteType.Blackhole, Gateway = IPAddress.Parse("192.0.2.1") } },
        { "needs 'via', 'dev'", Route() with { Device = null } },
        { "onlink needs a gateway", Route() with { OnLink = true } },
        { "given twice", Route() with { Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1), new RouteMetricOptions(RouteMetric.Mtu, 2) } } },
        { "not a valid interface name", Route() with { Device = "a/b" } },
    };

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public void Validate_BadVirtualRoute_ErrorWithPath(string message, VirtualRouteOptions route)
    {
        var errors = Validate(Options(Instance() with { VirtualRoutes = new[] { route } }));
        var error = Assert.Single(errors);
        Assert.Equal("instances.VI_1.virtual_routes[0]", error.Path);
        Assert.Contains(message, error.Message);
    }

    public static TheoryData<string, VirtualRuleOptions> BadRules => new()
    {
        { "no table", new VirtualRuleOptions { Preference = 1 } },
        { "goto needs", new VirtualRuleOptions { Action = RuleAction.Goto, Preference = 1 } },
        { "jump forward", new VirtualRuleOptions { Action = RuleAction.Goto, GotoPreference = 1, Preference = 5 } },
        { "mask without", new VirtualRuleOptions { Table = 1, FirewallMask = 0xff } },
        { "uidrange", new VirtualRuleOptions { Table = 1, UidStart = 5, UidEnd = 1 } },
        { "not of the rule's family", new VirtualRuleOptions { Table = 1, From = IPAddress.Parse("2001:db8::"), FromPrefixLength = 32 } },
        { "sport", new VirtualRuleOptions { Table = 1, SourcePorts = (10, 1) } },
        { "iif", new VirtualRuleOptions { Table = 1, InputInterface = "name-longer-than-15" } },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Validate_BadStaticRule_ErrorWithPath(string message, VirtualRuleOptions rule)
    {
        var errors = Validate(Options(Instance(), new StaticNetworkOptions { Rules = new[] { rule } }));
        var error = Assert.Single(errors);
        Assert.Equal("static_rules[0]", error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Validate_StaticAddressWithoutDevice_Error()
    {
        var errors = Validate(Options(Instance(), new StaticNetworkOptions { Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.50") } } }));
        Assert.Contains(errors, e => e.Path == "static_ipaddress[0]" && e.Message.Contains("needs 'dev'"));
    }

    [Fact]
    public void Validate_VmacWithUnicastWithoutTransmitOnBase_Error()
    {
        var instance = Instance() with { Vmac = new VmacOptions(), UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.2") } } };
        Assert.Contains(Validate(Options(instance)), e => e.Message.Contains("vmac_xmit_base"));
        Assert.Empty(Validate(Options(instance with { Vmac = new VmacOptions { TransmitOnBase = true } })));
    }

    [Fact]
    public void Validate_VmacNameTooLong_Error() =>
        Assert.Contains(Validate(Options(Instance() with { Vmac = new VmacOptions { Name = "a-very-long-vmac-name" } })), e => e.Path == "instances.VI_1.use_vmac");

    [Fact]
    public void Validate_TwoInstancesOneVmacName_Error()
    {
        var a = Instance() with { Vmac = new VmacOptions { Name = "vmac0" } };
        var b = Instance() with { VirtualRouterId = 52, Vmac = new VmacOptions { Name = "vmac0" } };
        var options = new VrrpOptions { Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("A", a), KeyValuePair.Create("B", b)]) };
        Assert.Contains(Validate(options), e => e.Path == "instances.B.use_vmac" && e.Message.Contains("already used by instance A"));
    }

    [Fact]
    public void Validate_StrictWithUnicastAuthAndXmitBase_EveryErrorAtOnce()
    {
        var instance = Instance() with
        {
            Version = VrrpVersion.V2,
            UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.2") } },
            Authentication = new VrrpAuthenticationOptions { Password = "secret" },
            Vmac = new VmacOptions { TransmitOnBase = true },
        };
        var errors = Validate(Options(instance, strict: true));
        Assert.Contains(errors, e => e.Path == "instances.VI_1.unicast_peer" && e.Message.Contains("vrrp_strict"));
        Assert.Contains(errors, e => e.Path == "instances.VI_1.authentication" && e.Message.Contains("vrrp_strict"));
        Assert.Contains(errors, e => e.Path == "instances.VI_1.vmac_xmit_base");
        Assert.Empty(Validate(Options(instance)));
    }

    [Fact]
    public void Validate_VmacOnIpv6Instance_Accepted()
    {
        var instance = Instance() with { Version = LvsDirector.Vrrp.Protocol.VrrpVersion.V3, VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("2001:db8::100") } }, Vmac = new VmacOptions() };
        Assert.DoesNotContain(Validate(Options(instance)), e => e.Path == "instances.VI_1.use_vmac");
    }
}
