using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Two of our routers in namespaces (NamespaceLab: A = 192.0.2.1, B = 192.0.2.2 on one bridge):
/// virtual routes and rules follow mastership, static ones stay, VMAC puts the VIP behind
/// 00:00:5e:00:01:VRID for a client, and the sysctls a VMAC changes are back after stop.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class VrrpNetworkNamespaceTests(ITestOutputHelper output)
{
    private const string Vip = "192.0.2.100";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private static VrrpOptions Options(int priority, VrrpInstanceOptions? edit = null, StaticNetworkOptions? statics = null)
    {
        var instance = (edit ?? Instance()) with { Priority = priority };
        return new VrrpOptions
        {
            Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", instance)]),
            Static = statics ?? new StaticNetworkOptions(),
        };
    }

    private static VrrpInstanceOptions Instance() => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = VrrpVersion.V3,
        AdvertisementInterval = Interval,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(Vip), PrefixLength = 24 } },
    };

    private static readonly VirtualRouteOptions GatewayRoute = new()
    {
        Destination = IPAddress.Parse("198.51.100.0"), PrefixLength = 24, Gateway = IPAddress.Parse("192.0.2.254"), Table = 100, Metric = 7,
    };

    private static readonly VirtualRouteOptions Blackhole = new()
    {
        Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Type = RouteType.Blackhole, Table = 1000,
    };

    private static readonly VirtualRouteOptions Multipath = new()
    {
        Destination = IPAddress.Parse("203.0.113.128"), PrefixLength = 25, Table = 100,
        Nexthops = new[]
        {
            new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.253"), Device = "eth0", Weight = 2 },
            new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.252"), Device = "eth0" },
        },
        Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1300, Locked: true) },
    };

    private static readonly VirtualRuleOptions FromRule = new()
    {
        From = IPAddress.Parse("198.51.100.0"), FromPrefixLength = 24, Table = 100, Preference = 100,
    };

    private static readonly VirtualRuleOptions MarkRule = new()
    {
        FirewallMark = 0x10, FirewallMask = 0xff, InputInterface = "eth0", Table = 1000, Preference = 200, UidStart = 1000, UidEnd = 2000,
    };

    private static string Routes(string ns) => NamespaceLab.Run("ip", $"-n {ns} route show table all");

    private static string Rules(string ns) => NamespaceLab.Run("ip", $"-n {ns} rule show");

    private static bool HasVirtualRoutes(string ns)
    {
        var routes = Routes(ns);
        var rules = Rules(ns);
        return routes.Contains("198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 proto keepalived metric 7", StringComparison.Ordinal)
            && routes.Contains("blackhole 203.0.113.0/24 table 1000 proto keepalived", StringComparison.Ordinal)
            && routes.Contains("203.0.113.128/25 table 100 proto keepalived mtu lock 1300", StringComparison.Ordinal)
            && routes.Contains("nexthop via 192.0.2.253 dev eth0 weight 2", StringComparison.Ordinal)
            && rules.Contains("100:\tfrom 198.51.100.0/24 lookup 100 proto keepalived", StringComparison.Ordinal)
            && rules.Contains("200:\tfrom all fwmark 0x10/0xff iif eth0 uidrange 1000-2000 lookup 1000 proto keepalived", StringComparison.Ordinal);
    }

    private static bool HasNoVirtualRoutes(string ns)
    {
        var routes = Routes(ns);
        var rules = Rules(ns);
        return !routes.Contains("198.51.100.0/24", StringComparison.Ordinal) && !routes.Contains("203.0.113.", StringComparison.Ordinal)
            && !rules.Contains("lookup 100", StringComparison.Ordinal) && !rules.Contains("lookup 1000", StringComparison.Ordinal);
    }

    [Fact]
    public async Task VirtualRoutesAndRules_OnMasterOnly_MoveWithMastership()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var withRoutes = Instance() with { VirtualRoutes = new[] { GatewayRoute, Blackhole, Multipath }, VirtualRules = new[] { FromRule, MarkRule } };
        try
        {
            await using (var a = new VrrpRouter(logs, lab.A))
            {
                await using var b = new VrrpRouter(logs, lab.B);
                await a.ApplyAsync(Options(150, withRoutes));
                Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), Settle), "A did not become master\n" + logs);
                await b.ApplyAsync(Options(100, withRoutes));
                await Task.Delay(Interval * 10);

                Assert.True(await NamespaceLab.WaitAsync(() => HasVirtualRoutes(lab.A), Settle), $"master A lacks its routes/rules\n{Routes(lab.A)}\n{Rules(lab.A)}\n{logs}");
                Assert.True(HasNoVirtualRoutes(lab.B), $"backup B has virtual routes\n{Routes(lab.B)}\n{Rules(lab.B)}");

                // Reload on the master: one route dropped, one added; nothing else moves.
                var reloaded = withRoutes with { VirtualRoutes = new[] { GatewayRoute, Multipath, Blackhole with { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 26 } } };
                var linesBefore = logs.Lines.Count;
                await a.ApplyAsync(Options(150, reloaded));
                var reloadLines = logs.Lines.Skip(linesBefore).ToList();
                output.WriteLine("reload: " + string.Join(" | ", reloadLines));
                Assert.Contains("blackhole 203.0.113.0/26 table 1000", Routes(lab.A));
                Assert.DoesNotContain("blackhole 203.0.113.0/24", Routes(lab.A));
                Assert.Equal(2, reloadLines.Count(l => l.Contains(" route ", StringComparison.Ordinal)));
                Assert.DoesNotContain(reloadLines, l => l.Contains("VIP", StringComparison.Ordinal) || l.Contains("Entering", StringComparison.OrdinalIgnoreCase));
                await b.ApplyAsync(Options(100, reloaded));

                // A stops (priority 0): B takes over, and the routes and rules go with mastership.
                await a.StopAsync();
                Assert.True(await NamespaceLab.WaitAsync(() => b.GetState("VI_1") == VrrpState.Master, Settle), "B did not take over\n" + logs);
                Assert.True(await NamespaceLab.WaitAsync(() => Routes(lab.B).Contains("blackhole 203.0.113.0/26 table 1000", StringComparison.Ordinal), Settle), $"B lacks routes\n{Routes(lab.B)}");
                Assert.True(HasNoVirtualRoutes(lab.A), $"A kept virtual routes after leaving MASTER\n{Routes(lab.A)}\n{Rules(lab.A)}");
            }
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task StaticNetwork_PresentOnBackupKeptThroughTransitionsRemovedOnStop()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var statics = new StaticNetworkOptions
        {
            Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("198.51.100.9"), PrefixLength = 32, Device = "lo" } },
            Routes = new[] { GatewayRoute with { Table = 300 } },
            Rules = new[] { FromRule with { Table = 300, Preference = 300 } },
        };
        try
        {
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Options(100, statics: statics));
            Assert.Contains("198.51.100.0/24 via 192.0.2.254 dev eth0 table 300 proto keepalived", Routes(lab.A));
            Assert.Contains("300:\tfrom 198.51.100.0/24 lookup 300 proto keepalived", Rules(lab.A));
            Assert.Contains("198.51.100.9/32", NamespaceLab.Run("ip", $"-n {lab.A} -o addr show dev lo"));

            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), Settle), "A did not become master\n" + logs);
            Assert.Contains("table 300", Routes(lab.A));

            await a.StopAsync();
            Assert.DoesNotContain("table 300", Routes(lab.A));
            Assert.DoesNotContain("lookup 300", Rules(lab.A));
            Assert.DoesNotContain("198.51.100.9/32", NamespaceLab.Run("ip", $"-n {lab.A} -o addr show dev lo"));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    private static string Sysctl(string ns, string name) => NamespaceLab.Run("ip", $"netns exec {ns} sysctl -n {name}").Trim();

    [Fact]
    public async Task Vmac_ClientSeesVirtualMac_FailoverKeepsIt_SysctlsRestoredAfterStop()
    {
        Prerequisites.RequireCommand("ping", "iputils-ping");
        Prerequisites.RequireCommand("sysctl", "procps");
        using var lab = new NamespaceLab();
        var client = lab.A[..^1] + "c";
        var logs = new CollectingLoggerFactory();
        try
        {
            NamespaceLab.Run("ip", $"netns add {client}");
            NamespaceLab.Run("ip", $"-n {client} link add eth0 type veth peer name v9 netns {lab.Bridge}");
            NamespaceLab.Run("ip", $"-n {lab.Bridge} link set v9 master br0 up");
            NamespaceLab.Run("ip", $"-n {client} addr add 192.0.2.3/24 dev eth0");
            NamespaceLab.Run("ip", $"-n {client} link set eth0 up");
            // Values a VMAC must change, so restoring them is observable.
            foreach (var ns in new[] { lab.A, lab.B })
                NamespaceLab.Run("ip", $"netns exec {ns} sysctl -qw net.ipv4.conf.eth0.arp_ignore=0 net.ipv4.conf.eth0.arp_filter=0 net.ipv4.conf.eth0.arp_announce=0 net.ipv4.conf.all.rp_filter=2");

            var vmac = Instance() with { Vmac = new VmacOptions() };
            await using (var a = new VrrpRouter(logs, lab.A))
            {
                await using var b = new VrrpRouter(logs, lab.B);
                await a.ApplyAsync(Options(150, vmac));
                Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_1") == VrrpState.Master, Settle), "A did not become master\n" + logs);
                await b.ApplyAsync(Options(100, vmac));
                await Task.Delay(Interval * 10);
                Assert.Equal(VrrpState.Backup, b.GetState("VI_1"));

                var link = NamespaceLab.Run("ip", $"-n {lab.A} -d link show vrrp.51");
                output.WriteLine(link);
                Assert.Contains("link/ether 00:00:5e:00:01:33", link);
                Assert.Contains("macvlan mode private", link);
                Assert.Contains($" {Vip}/24", NamespaceLab.Run("ip", $"-n {lab.A} -o addr show dev vrrp.51"));
                Assert.False(lab.Holds(lab.A, Vip), "the VIP is on eth0, not on the VMAC");
                Assert.Equal("1", Sysctl(lab.A, "net.ipv4.conf.eth0.arp_ignore"));
                Assert.Equal("1", Sysctl(lab.A, "net.ipv4.conf.eth0.arp_filter"));
                Assert.Equal("0", Sysctl(lab.A, "net.ipv4.conf.all.rp_filter"));
                Assert.Equal("2", Sysctl(lab.A, "net.ipv4.conf.eth0.arp_announce"));

                NamespaceLab.Run("ip", $"netns exec {client} ping -c 2 -i 0.2 -W 1 {Vip}");
                var neighbour = NamespaceLab.Run("ip", $"-n {client} neigh show {Vip}");
                output.WriteLine("client neighbour before failover: " + neighbour);
                Assert.Contains("lladdr 00:00:5e:00:01:33", neighbour);

                await a.StopAsync();
                Assert.True(await NamespaceLab.WaitAsync(() => b.GetState("VI_1") == VrrpState.Master, Settle), "B did not take over\n" + logs);
                Assert.True(await NamespaceLab.WaitAsync(() => NamespaceLab.Run("ip", $"-n {lab.B} -o addr show dev vrrp.51").Contains($" {Vip}/24", StringComparison.Ordinal), Settle));
                // The stopped router has deleted its VMAC and put its sysctls back.
                Assert.Throws<InvalidOperationException>(() => NamespaceLab.Run("ip", $"-n {lab.A} link show vrrp.51"));
                Assert.Equal("0", Sysctl(lab.A, "net.ipv4.conf.eth0.arp_ignore"));
                Assert.Equal("0", Sysctl(lab.A, "net.ipv4.conf.eth0.arp_filter"));
                Assert.Equal("0", Sysctl(lab.A, "net.ipv4.conf.eth0.arp_announce"));
                Assert.Equal("2", Sysctl(lab.A, "net.ipv4.conf.all.rp_filter"));

                // Same MAC after failover: the client keeps its neighbour entry and reaches the VIP on B.
                NamespaceLab.Run("ip", $"netns exec {client} ping -c 2 -i 0.2 -W 1 {Vip}");
                neighbour = NamespaceLab.Run("ip", $"-n {client} neigh show {Vip}");
                output.WriteLine("client neighbour after failover: " + neighbour);
                Assert.Contains("lladdr 00:00:5e:00:01:33", neighbour);
                var fdb = NamespaceLab.Run("bridge", $"-n {lab.Bridge} fdb show br br0");
                output.WriteLine(fdb);
                var learnedOn = fdb.Split('\n').Single(l => l.StartsWith("00:00:5e:00:01:33 ", StringComparison.Ordinal));
                Assert.Contains("dev v2 ", learnedOn);
            }
            Assert.Equal("2", Sysctl(lab.B, "net.ipv4.conf.all.rp_filter"));
            Assert.Equal("0", Sysctl(lab.B, "net.ipv4.conf.eth0.arp_ignore"));
        }
        finally
        {
            output.WriteLine(logs.ToString());
            try
            {
                NamespaceLab.Run("ip", $"netns del {client}");
            }
            catch (InvalidOperationException)
            {
                // Not created.
            }
        }
    }

    [Fact]
    public async Task StrictNoAccept_MasterDropsTrafficToVip_FilterRemovedOnStop()
    {
        Prerequisites.RequireCommand("nft", "nftables");
        Prerequisites.RequireCommand("ping", "iputils-ping");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        try
        {
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Options(150) with { Strict = true });
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), Settle), "A did not become master\n" + logs);

            var table = NamespaceLab.Run("ip", $"netns exec {lab.A} nft list table inet lvs_director_vrrp");
            output.WriteLine(table);
            Assert.Contains("elements = { 192.0.2.100 }", table);
            // B (not running VRRP) pings: A's own address answers, the VIP does not.
            NamespaceLab.Run("ip", $"netns exec {lab.B} ping -c 1 -W 1 192.0.2.1");
            var refused = Assert.Throws<InvalidOperationException>(() => NamespaceLab.Run("ip", $"netns exec {lab.B} ping -c 2 -i 0.2 -W 1 {Vip}"));
            output.WriteLine(refused.Message);
            Assert.Contains("lladdr", NamespaceLab.Run("ip", $"-n {lab.B} neigh show {Vip}"));

            // Without strict (accept is the default) a reload removes the filter and the VIP answers.
            await a.ApplyAsync(Options(150));
            NamespaceLab.Run("ip", $"netns exec {lab.B} ping -c 1 -W 1 {Vip}");
            await a.ApplyAsync(Options(150) with { Strict = true });
            await a.StopAsync();
            Assert.Throws<InvalidOperationException>(() => NamespaceLab.Run("ip", $"netns exec {lab.A} nft list table inet lvs_director_vrrp"));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task StaticIpv6RoutesAndRules_KernelAcceptsEveryForm()
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var statics = new StaticNetworkOptions
        {
            Routes = new[]
            {
                new VirtualRouteOptions { Destination = IPAddress.Parse("2001:db8:1::"), PrefixLength = 48, Gateway = IPAddress.Parse("2001:db8::fe"), Device = "eth0", Metric = 1024, Table = 600, Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1400), new RouteMetricOptions(RouteMetric.AdvMss, 1300) } },
                new VirtualRouteOptions { Destination = IPAddress.Parse("2001:db8:2::"), PrefixLength = 48, Type = RouteType.Unreachable, Table = 600 },
                new VirtualRouteOptions { Destination = IPAddress.IPv6Any, PrefixLength = 0, Gateway = IPAddress.Parse("2001:db8::1:1"), Device = "eth0", OnLink = true, Table = 601 },
            },
            Rules = new[]
            {
                new VirtualRuleOptions { Family = System.Net.Sockets.AddressFamily.InterNetworkV6, From = IPAddress.Parse("2001:db8:1::"), FromPrefixLength = 48, Table = 600, Preference = 600 },
                new VirtualRuleOptions { Family = System.Net.Sockets.AddressFamily.InterNetworkV6, To = IPAddress.Parse("2001:db8:3::"), ToPrefixLength = 48, Action = RuleAction.Unreachable, Preference = 601, IpProtocol = 6, DestinationPorts = (443, 443) },
            },
        };
        try
        {
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Options(100, statics: statics));
            var routes = NamespaceLab.Run("ip", $"-n {lab.A} -6 route show table all");
            var rules = NamespaceLab.Run("ip", $"-n {lab.A} -6 rule show");
            output.WriteLine(routes + rules);
            Assert.Contains("2001:db8:1::/48 via 2001:db8::fe dev eth0 table 600 proto keepalived metric 1024 mtu 1400 advmss 1300", routes);
            Assert.Contains("unreachable 2001:db8:2::/48 dev lo table 600 proto keepalived", routes);
            Assert.Contains("default via 2001:db8::1:1 dev eth0 table 601 proto keepalived", routes);
            Assert.Contains("600:\tfrom 2001:db8:1::/48 lookup 600 proto keepalived", rules);
            Assert.Contains("601:\tfrom all to 2001:db8:3::/48 ipproto tcp dport 443 unreachable proto keepalived", rules);

            await a.StopAsync();
            Assert.DoesNotContain("table 600", NamespaceLab.Run("ip", $"-n {lab.A} -6 route show table all"));
            Assert.DoesNotContain("lookup 600", NamespaceLab.Run("ip", $"-n {lab.A} -6 rule show"));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }
}
