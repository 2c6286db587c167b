using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// The route options beyond the first set (pref, expires, realms, congctl, encap ip/ip6/seg6) through the real
/// kernel: static routes added by the router show in `ip route` as ip(8) would have added them, and go on stop.
/// (encap mpls and vrf need modules this kernel lacks: their bytes are covered by RouteEncapGoldenTests only.)
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class RouteOptionsNamespaceTests(ITestOutputHelper output)
{
    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public async Task StaticRoutes_NewOptions_KernelShowsThemAndStopRemovesThem()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var statics = new StaticNetworkOptions
        {
            Routes = new[]
            {
                new VirtualRouteOptions { Destination = Ip("2001:db8:2::"), PrefixLength = 64, Gateway = Ip("2001:db8::2"), Device = "eth0", Preference = RoutePreference.High, Expires = 300 },
                new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Gateway = Ip("192.0.2.2"), Device = "eth0", Realms = (3u << 16) | 4, CongestionControl = "cubic", CongestionControlLocked = true },
                new VirtualRouteOptions
                {
                    Destination = Ip("198.51.100.0"), PrefixLength = 24, Device = "eth0",
                    Encap = new RouteEncapOptions { Type = RouteEncapType.Ip, Id = 5, Destination = Ip("203.0.113.9"), Ttl = 9, Flags = 0x04 },
                },
                new VirtualRouteOptions
                {
                    Destination = Ip("2001:db8:1::"), PrefixLength = 64, Device = "eth0",
                    Encap = new RouteEncapOptions { Type = RouteEncapType.Ip6, Id = 6, Destination = Ip("2001:db8::9"), Ttl = 8 },
                },
                new VirtualRouteOptions
                {
                    Destination = Ip("203.0.113.64"), PrefixLength = 26, Device = "eth0",
                    Encap = new RouteEncapOptions { Type = RouteEncapType.Seg6, Seg6Mode = 1, Segments = new[] { Ip("2001:db8::5"), Ip("2001:db8::6") } },
                },
            },
        };
        var options = new VrrpOptions { Static = statics, Instances = ImmutableSortedDictionary<string, VrrpInstanceOptions>.Empty.WithComparers(StringComparer.Ordinal) };
        try
        {
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(options);
            var v4 = NamespaceLab.Run("ip", $"-n {lab.A} route show");
            var v6 = NamespaceLab.Run("ip", $"-n {lab.A} -6 route show");
            output.WriteLine(v4 + v6);
            Assert.Contains("203.0.113.0/24 via 192.0.2.2 dev eth0 proto keepalived realms 3/4 congctl lock cubic", v4);
            Assert.Contains("198.51.100.0/24  encap ip id 5 src 0.0.0.0 dst 203.0.113.9 ttl 9 tos 0 key dev eth0 proto keepalived scope link", v4);
            Assert.Contains("203.0.113.64/26  encap seg6 mode encap segs 2 [ 2001:db8::5 2001:db8::6 ] dev eth0 proto keepalived scope link", v4);
            Assert.Contains("2001:db8:1::/64  encap ip6 id 6 src :: dst 2001:db8::9 hoplimit 8 tc 0 dev eth0 proto keepalived", v6);
            Assert.Matches(@"2001:db8:2::/64 via 2001:db8::2 dev eth0 proto keepalived metric 1024 expires \d+sec pref high", v6);

            await a.StopAsync();
            Assert.DoesNotContain("proto keepalived", NamespaceLab.Run("ip", $"-n {lab.A} route show") + NamespaceLab.Run("ip", $"-n {lab.A} -6 route show"));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }
}
