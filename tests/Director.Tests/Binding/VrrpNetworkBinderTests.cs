using System.Net;
using System.Net.Sockets;
using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Director.Tests.Binding;

/// <summary>virtual_routes/virtual_rules, static_*, use_vmac, accept and vrrp_strict from keepalived.conf to VrrpOptions.</summary>
public class VrrpNetworkBinderTests
{
    private const string Config = """
        global_defs {
            default_interface eth1
        }
        static_ipaddress {
            192.0.2.50/24 dev eth0
            198.51.100.5/32
        }
        static_routes {
            198.51.100.0/24 via 192.0.2.254 table 300 metric 5
            blackhole 203.0.113.0/24 table main
        }
        static_rules {
            from 192.0.2.0/24 table 300 preference 300
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 150
            virtual_ipaddress {
                192.0.2.100/24
            }
            use_vmac vrrp51
            vmac_xmit_base
            no_accept
            virtual_routes {
                src 192.0.2.100 to 198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 7 proto static scope global mtu 1400 advmss 1300
                to 203.0.113.128/25 nexthop via 192.0.2.253 dev eth0 weight 2 nexthop via 192.0.2.252 dev eth0
                198.51.100.128/25 via 192.0.2.254 or 192.0.2.253 dev eth0
                unreachable 203.0.113.64/26 mtu lock 1300
                default via 192.0.2.1 table 200 onlink dev eth0
            }
            virtual_rules {
                from 198.51.100.0/24 table 100 preference 100
                fwmark 0x10/0xff iif eth0 oif eth1 table 1000 preference 200 uidrange 1000-2000
                not from 192.0.2.5 goto 500 preference 400
                to 203.0.113.0/24 type prohibit preference 600
                from 2001:db8::/32 l3mdev preference 300
                from all table 101 preference 700 suppress_prefixlength 0 ipproto tcp sport 1000-2000 dport 80 protocol keepalived
            }
        }
        """;

    private static VrrpOptions Bind(string text)
    {
        var config = ConfigTestHelpers.Load(text);
        Assert.True(config.CanRun, ConfigTestHelpers.Messages(config));
        return VrrpOptionsBinder.Bind(config.Model);
    }

    [Fact]
    public void Bind_VirtualRoutes_EveryOption()
    {
        var routes = Bind(Config).Instances["VI_1"].VirtualRoutes;
        Assert.Equal(5, routes.Count);

        var first = routes[0];
        Assert.Equal(IPAddress.Parse("198.51.100.0"), first.Destination);
        Assert.Equal(24, first.PrefixLength);
        Assert.Equal(IPAddress.Parse("192.0.2.100"), first.Source);
        Assert.Equal(IPAddress.Parse("192.0.2.254"), first.Gateway);
        Assert.Equal("eth0", first.Device);
        Assert.Equal(100u, first.Table);
        Assert.Equal(7u, first.Metric);
        Assert.Equal((byte)4, first.Protocol);
        Assert.Equal((byte)0, first.Scope);
        Assert.Equal([new RouteMetricOptions(RouteMetric.Mtu, 1400), new RouteMetricOptions(RouteMetric.AdvMss, 1300)], first.Metrics.OrderBy(m => m.Metric));

        Assert.Equal([new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.253"), Device = "eth0", Weight = 2 }, new RouteNexthopOptions { Gateway = IPAddress.Parse("192.0.2.252"), Device = "eth0" }], routes[1].Nexthops);
        Assert.Null(routes[2].Gateway);
        Assert.Equal(["192.0.2.254", "192.0.2.253"], routes[2].Nexthops.Select(h => h.Gateway!.ToString()));
        Assert.Equal(RouteType.Unreachable, routes[3].Type);
        Assert.Equal(new RouteMetricOptions(RouteMetric.Mtu, 1300, Locked: true), Assert.Single(routes[3].Metrics));
        Assert.Equal(0, routes[4].PrefixLength);
        Assert.True(routes[4].OnLink);
        Assert.Equal(200u, routes[4].Table);
    }

    [Fact]
    public void Bind_VirtualRules_EveryOption()
    {
        var rules = Bind(Config).Instances["VI_1"].VirtualRules;
        Assert.Equal(6, rules.Count);
        Assert.Equal(new VirtualRuleOptions { From = IPAddress.Parse("198.51.100.0"), FromPrefixLength = 24, Table = 100, Preference = 100 }, rules[0]);
        Assert.Equal(new VirtualRuleOptions { FirewallMark = 0x10, FirewallMask = 0xff, InputInterface = "eth0", OutputInterface = "eth1", Table = 1000, Preference = 200, UidStart = 1000, UidEnd = 2000 }, rules[1]);
        Assert.Equal(new VirtualRuleOptions { Invert = true, From = IPAddress.Parse("192.0.2.5"), FromPrefixLength = 32, Action = RuleAction.Goto, GotoPreference = 500, Preference = 400 }, rules[2]);
        Assert.Equal(RuleAction.Prohibit, rules[3].Action);
        Assert.Equal(AddressFamily.InterNetworkV6, rules[4].Family);
        Assert.True(rules[4].L3mdev);
        Assert.Equal(new VirtualRuleOptions { Table = 101, Preference = 700, SuppressPrefixLength = 0, IpProtocol = 6, SourcePorts = (1000, 2000), DestinationPorts = (80, 80), Protocol = 18 }, rules[5]);
    }

    [Fact]
    public void Bind_StaticVmacAccept_Bound()
    {
        var options = Bind(Config);
        Assert.Equal(["192.0.2.50/24 dev eth0", "198.51.100.5/32 dev eth1"], options.Static.Addresses.Select(a => a.ToString()));
        Assert.Equal(2, options.Static.Routes.Count);
        Assert.Equal(254u, options.Static.Routes[1].Table);
        Assert.Equal(RouteType.Blackhole, options.Static.Routes[1].Type);
        Assert.Equal(300u, Assert.Single(options.Static.Rules).Table);

        var vi = options.Instances["VI_1"];
        Assert.Equal(new VmacOptions { Name = "vrrp51", TransmitOnBase = true }, vi.Vmac);
        Assert.Equal("vrrp51", vi.AddressDevice);
        Assert.Equal("eth0", vi.TransmitInterface);
        Assert.False(vi.Accept);
        Assert.False(options.Strict);
    }

    [Fact]
    public void Bind_Config_LibraryValidatorAccepts()
    {
        Assert.Empty(VrrpOptionsValidator.Validate(Bind(Config)));
    }

    [Fact]
    public void Bind_UseVmacWithoutName_DefaultName()
    {
        var vi = Bind("""
            vrrp_instance V { interface eth0
              virtual_router_id 7
              use_vmac
              virtual_ipaddress { 192.0.2.100 } }
            """).Instances["V"];
        Assert.Equal("vrrp.7", vi.AddressDevice);
        Assert.Equal("vrrp.7", vi.TransmitInterface);
        Assert.Null(vi.Accept);
    }

    [Fact]
    public void Bind_UseVmacWithoutNameAndVmacPrefix_PrefixedName()
    {
        var vi = Bind("""
            global_defs {
                vmac_prefix vm
            }
            vrrp_instance V { interface eth0
              virtual_router_id 7
              use_vmac
              virtual_ipaddress { 192.0.2.100 } }
            """).Instances["V"];
        Assert.Equal("vm.7", vi.AddressDevice);
    }

    [Fact]
    public void ConfigTest_VrrpStrict_PrintsEachConsequence()
    {
        var config = ConfigTestHelpers.Load("""
            global_defs {
                vrrp_strict
            }
            vrrp_instance V {
                interface eth0
                virtual_router_id 7
                version 3
                preempt_delay 5
                virtual_ipaddress {
                    192.0.2.100
                }
            }
            """);
        var messages = ConfigTestHelpers.Messages(config);
        Assert.True(config.CanRun, messages);
        Assert.Contains("vrrp_strict: (V) no_accept", messages);
        Assert.Contains("vrrp_strict: (V) preempt_delay 5 s is ignored", messages);
        Assert.Contains("vrrp_strict: unicast peers, authentication", messages);
        Assert.True(VrrpOptionsBinder.Bind(config.Model).Strict);
    }

    [Fact]
    public void ConfigTest_VrrpStrictOwner_PrintsTheOwnerRule()
    {
        var config = ConfigTestHelpers.Load("""
            global_defs {
                vrrp_strict
            }
            vrrp_instance O {
                interface eth0
                virtual_router_id 8
                version 3
                priority 255
                no_accept
                virtual_ipaddress {
                    192.0.2.101
                }
            }
            """);
        var messages = ConfigTestHelpers.Messages(config);
        Assert.True(config.CanRun, messages);
        Assert.Contains("vrrp_strict: (O) priority 255 (address owner): traffic to its virtual addresses is always accepted", messages);
        Assert.Contains("vrrp_strict: (O) priority 255 (address owner): received adverts are ignored (owner_ignore_adverts)", messages);
        Assert.DoesNotContain("vrrp_strict: (O) no_accept", messages);
    }

    [Fact]
    public void ConfigTest_BadStaticRuleWithoutInstances_FatalAtTheStaticBlock()
    {
        var config = ConfigTestHelpers.Load("""
            static_rules {
                from 192.0.2.0/24 preference 5
            }
            """);
        var refusal = Assert.Single(config.Diagnostics.Items, d => d.Message.Contains("VRRP refuses static_rules[0]"));
        Assert.Equal(1, refusal.Location.Line);
        Assert.False(config.CanRun);
    }

    [Fact]
    public void Bind_StaticRoutesEncapPrefExpiresCongctlRealmsVrfTrackGroup_Bound()
    {
        var options = Bind("""
            track_group TG {
                group {
                    V
                }
            }
            static_ipaddress {
                198.51.100.9/32 dev lo track_group TG
            }
            static_routes {
                198.51.100.0/24 encap ip id 5 dst 203.0.113.9 ttl 9 key dev eth0 track_group TG
                198.51.100.128/25 via 192.0.2.2 encap mpls 100/200 ttl 5 dev eth0
                203.0.113.64/26 encap seg6 mode encap segs 2001:db8::5,2001:db8::6 dev eth0
                2001:db8:2::/64 via 2001:db8::2 dev eth0 pref high expires 300
                203.0.113.0/24 via 192.0.2.2 dev eth0 realms 3/4 congctl lock cubic features ecn vrf red
            }
            vrrp_instance V { interface eth0
              virtual_router_id 7
              virtual_ipaddress { 192.0.2.100 } }
            """);

        var routes = options.Static.Routes;
        Assert.Equal("TG", options.Static.Addresses.Single().TrackGroup);
        Assert.Equal("TG", routes[0].TrackGroup);
        Assert.Equal(new RouteEncapOptions { Type = RouteEncapType.Ip, Id = 5, Destination = IPAddress.Parse("203.0.113.9"), Ttl = 9, Flags = 0x04 }, routes[0].Encap);
        Assert.Equal("eth0", routes[0].Device);
        Assert.Equal(new RouteEncapOptions { Type = RouteEncapType.Mpls, Labels = new[] { 100u, 200u }, Ttl = 5 }, routes[1].Encap);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), routes[1].Gateway);
        Assert.Equal(new[] { IPAddress.Parse("2001:db8::5"), IPAddress.Parse("2001:db8::6") }, routes[2].Encap!.Segments);
        Assert.Equal(1, routes[2].Encap!.Seg6Mode);
        Assert.Equal((RoutePreference.High, 300u), (routes[3].Preference!.Value, routes[3].Expires!.Value));
        Assert.Equal(((3u << 16) | 4, "cubic", true, "red"), (routes[4].Realms!.Value, routes[4].CongestionControl, routes[4].CongestionControlLocked, routes[4].Vrf));
        Assert.Contains(new RouteMetricOptions(RouteMetric.Features, 1, false), routes[4].Metrics);
        Assert.Equal(new[] { "V" }, options.TrackGroups["TG"]);
        Assert.Empty(VrrpOptionsValidator.Validate(options));
    }
}
