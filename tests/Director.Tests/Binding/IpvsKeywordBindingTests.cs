using System.Net;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Director.Tests.Binding;

/// <summary>
/// The IPVS keywords of keepalived.conf that the fixtures do not cover reach the option they set: the table-level
/// globals (lvs_flush, lvs_flush_on_stop, lvs_sync_daemon and its deprecated per-instance form) and the service
/// settings keepalived applies only in some cases (ops, persistence_granularity).
/// </summary>
public class IpvsKeywordBindingTests
{
    private static IpvsOptions Bind(string text)
    {
        var config = ConfigTestHelpers.Load(text, ConfigTestHelpers.Offline);
        return IpvsOptionsBinder.Bind(config.Model, config.Diagnostics).Options;
    }

    private static VirtualServiceOptions Service(string body, string protocol = "TCP") =>
        Assert.Single(Assert.Single(IpvsOptionsBinder.Bind(ConfigTestHelpers.Load($$"""
            virtual_server 192.0.2.1 80 {
              lvs_sched rr
              protocol {{protocol}}
              {{body}}
              real_server 198.51.100.1 80 {
              }
            }
            """, ConfigTestHelpers.Offline).Model).Services).Services);

    [Fact]
    public void Flush_NoKeywords_NeitherFlushNorDelete()
    {
        var options = Bind("global_defs {\n}\n");
        Assert.False(options.FlushOnStart);
        Assert.False(options.FlushOnStop);
        Assert.False(options.DeleteOwnedServicesOnStop);
    }

    [Fact]
    public void Flush_LvsFlushAndFlushOnStop_WholeTable()
    {
        var options = Bind("global_defs {\n  lvs_flush\n  lvs_flush_on_stop\n}\n");
        Assert.True(options.FlushOnStart);
        Assert.True(options.FlushOnStop);
        Assert.False(options.DeleteOwnedServicesOnStop);
    }

    [Fact]
    public void Flush_OnStopVs_OnlyOurServicesDeleted()
    {
        var options = Bind("global_defs {\n  lvs_flush_on_stop VS\n}\n");
        Assert.False(options.FlushOnStop);
        Assert.True(options.DeleteOwnedServicesOnStop);
    }

    [Fact]
    public void Flush_DeprecatedOnStopSpelling_SameMeaning()
    {
        var config = ConfigTestHelpers.Load("global_defs {\n  lvs_flush_onstop VS\n}\n", ConfigTestHelpers.Offline);
        Assert.True(IpvsOptionsBinder.Bind(config.Model).Options.DeleteOwnedServicesOnStop);
        Assert.Contains("lvs_flush_onstop", ConfigTestHelpers.Messages(config));
    }

    [Fact]
    public void Flush_OnStopUnknownType_ErrorAndNothingFlushed()
    {
        var config = ConfigTestHelpers.Load("global_defs {\n  lvs_flush_on_stop RS\n}\n", ConfigTestHelpers.Offline);
        Assert.Contains("lvs_flush_on_stop': unknown type 'RS'", ConfigTestHelpers.Messages(config));
        var options = IpvsOptionsBinder.Bind(config.Model).Options;
        Assert.False(options.FlushOnStop);
        Assert.False(options.DeleteOwnedServicesOnStop);
    }

    [Fact]
    public void SyncDaemon_AllOptions_BothDirectionsWithThem()
    {
        var options = Bind("global_defs {\n  lvs_sync_daemon eth1 VI_1 id 9 maxlen 1400 port 8850 ttl 3 group 239.1.2.3\n}\n");
        Assert.Equal([IpvsSyncDaemonState.Master, IpvsSyncDaemonState.Backup], options.SyncDaemons.Select(d => d.State));
        Assert.All(options.SyncDaemons, d =>
        {
            Assert.Equal("eth1", d.Interface);
            Assert.Equal(9u, d.SyncId);
            Assert.Equal((ushort)1400, d.MaxLength);
            Assert.Equal((ushort)8850, d.Port);
            Assert.Equal((byte)3, d.Ttl);
            Assert.Equal(IPAddress.Parse("239.1.2.3"), d.Group);
        });
    }

    private const string Instance = """
        vrrp_instance VI_1 {
          interface eth0
          {0}
          virtual_router_id 51
          priority 100
          virtual_ipaddress {
            192.0.2.100
          }
        }
        """;

    [Fact]
    public void SyncDaemon_InstanceWithoutId_IdIsTheInstancesVirtualRouterId()
    {
        var options = Bind("global_defs {\n  lvs_sync_daemon eth1 inst VI_1\n}\n" + Instance.Replace("{0}", ""));
        Assert.All(options.SyncDaemons, d => Assert.Equal(51u, d.SyncId));
        Assert.Equal(2, options.SyncDaemons.Count);
    }

    [Fact]
    public void SyncDaemon_WithoutInstanceOrId_IdZeroAndDefaultPortAndGroup()
    {
        var options = Bind("global_defs {\n  lvs_sync_daemon eth1\n}\n");
        Assert.All(options.SyncDaemons, d =>
        {
            Assert.Equal(0u, d.SyncId);
            Assert.Equal((ushort)8848, d.Port);
            Assert.Equal(IPAddress.Parse("224.0.0.81"), d.Group);
        });
    }

    [Fact]
    public void SyncDaemon_DeprecatedInstanceInterface_StartsDaemonsWithTheInstancesId()
    {
        var options = Bind(Instance.Replace("{0}", "lvs_sync_daemon_interface eth1"));
        Assert.Equal(2, options.SyncDaemons.Count);
        Assert.All(options.SyncDaemons, d =>
        {
            Assert.Equal("eth1", d.Interface);
            Assert.Equal(51u, d.SyncId);
        });
    }

    [Fact]
    public void SyncDaemon_NoneConfigured_NoDaemons() => Assert.Empty(Bind(Instance.Replace("{0}", "")).SyncDaemons);

    [Fact]
    public void Ops_UdpService_OnePacketFlag() =>
        Assert.True(Service("ops", "UDP").Flags.HasFlag(IpvsServiceFlags.OnePacket));

    [Fact]
    public void Ops_TcpService_IgnoredAsTheValidatorSays()
    {
        var config = ConfigTestHelpers.Load("virtual_server 192.0.2.1 80 {\n  lvs_sched rr\n  protocol TCP\n  ops\n}\n", ConfigTestHelpers.Offline);
        Assert.Contains("ops (one-packet scheduling) is for UDP only: ignored", ConfigTestHelpers.Messages(config));
        Assert.False(Service("ops").Flags.HasFlag(IpvsServiceFlags.OnePacket));
    }

    [Fact]
    public void Ops_FwmarkService_KeptForItsUdpPackets()
    {
        var config = ConfigTestHelpers.Load("virtual_server fwmark 5 {\n  lvs_sched rr\n  ops\n  real_server 198.51.100.1 0 {\n  }\n}\n", ConfigTestHelpers.Offline);
        Assert.DoesNotContain("ops (one-packet", ConfigTestHelpers.Messages(config));
        Assert.True(Assert.Single(Assert.Single(IpvsOptionsBinder.Bind(config.Model).Services).Services).Flags.HasFlag(IpvsServiceFlags.OnePacket));
    }

    [Fact]
    public void Protocol_NotSetOnAnAddress_UdpAsKeepalivedWithAWarning_NotSetOnAFwmark_None()
    {
        var config = ConfigTestHelpers.Load("virtual_server 192.0.2.1 80 {\n  lvs_sched rr\n  real_server 198.51.100.1 80 {\n  }\n}\n"
            + "virtual_server fwmark 5 {\n  lvs_sched rr\n  real_server 198.51.100.1 0 {\n  }\n}\n", ConfigTestHelpers.Offline);
        Assert.Contains("virtual_server 192.0.2.1:80/UDP: no protocol set: UDP used (as keepalived does; write 'protocol TCP' for TCP)", ConfigTestHelpers.Messages(config));
        var services = IpvsOptionsBinder.Bind(config.Model).Services;
        Assert.Equal(IpvsProtocol.Udp, Assert.Single(services.Single(s => s.Name == "192.0.2.1:80/UDP").Services).Key.Protocol);
        Assert.DoesNotContain("fwmark 5: no protocol", ConfigTestHelpers.Messages(config));
    }

    [Fact]
    public void PersistenceGranularity_WithTimeout_Netmask()
    {
        var service = Service("persistence_timeout 300\n  persistence_granularity 255.255.255.0");
        Assert.Equal(300u, service.PersistenceTimeoutSeconds);
        Assert.Equal(0xFFFFFF00u, service.PersistenceNetmask);
    }

    [Fact]
    public void PersistenceGranularity_WithoutTimeout_PersistentWithKeepalivedsDefaultTimeout()
    {
        var service = Service("persistence_granularity 255.255.0.0");
        Assert.Equal(360u, service.PersistenceTimeoutSeconds);
        Assert.Equal(0xFFFF0000u, service.PersistenceNetmask);
    }

    [Fact]
    public void PersistenceGranularity_BareNumberOnIPv4_PrefixLengthWithAWarningOfKeepalivedsReading()
    {
        var config = ConfigTestHelpers.Load("virtual_server 192.0.2.1 80 {\n  lvs_sched rr\n  persistence_timeout 60\n  persistence_granularity 24\n  real_server 198.51.100.1 80 {\n  }\n}\n", ConfigTestHelpers.Offline);
        Assert.Contains("keepalived reads a bare number as the netmask 0.0.0.24", ConfigTestHelpers.Messages(config));
        Assert.Equal(0xFFFFFF00u, Assert.Single(Assert.Single(IpvsOptionsBinder.Bind(config.Model).Services).Services).PersistenceNetmask);
    }

    [Fact]
    public void VirtualServer_WithoutRealServers_IgnoredWithAWarningEvenWithASorryServer()
    {
        var config = ConfigTestHelpers.Load("""
            virtual_server 192.0.2.1 80 {
              protocol TCP
              lvs_sched rr
              sorry_server 198.51.100.99 80
            }
            virtual_server 192.0.2.2 80 {
              protocol TCP
              lvs_sched rr
              real_server 198.51.100.1 80 {
              }
            }
            """, ConfigTestHelpers.Offline);
        Assert.Contains("virtual_server 192.0.2.1:80/TCP has no real servers: ignored (as keepalived)", ConfigTestHelpers.Messages(config));
        Assert.Equal(["192.0.2.2:80/TCP"], IpvsOptionsBinder.Bind(config.Model).Services.Select(s => s.Name));
        Assert.Equal(["192.0.2.2:80/TCP"], CheckerOptionsBinder.Bind(config.Model).Services.Select(s => s.Name));
    }

    [Fact]
    public void RealServer_DrWithAnotherPort_WarnedAsKeepalivedDoes()
    {
        var config = ConfigTestHelpers.Load("""
            virtual_server 192.0.2.1 80 {
              protocol TCP
              lvs_sched rr
              lvs_method DR
              real_server 198.51.100.1 8080 {
              }
            }
            virtual_server fwmark 5 {
              lvs_sched rr
              lvs_method TUN
              real_server 198.51.100.2 80 {
              }
            }
            """, ConfigTestHelpers.Offline);
        var messages = ConfigTestHelpers.Messages(config);
        Assert.Contains("real_server 198.51.100.1:8080 is reached by DR/TUN: its port does not match the virtual server's, 80 used in IPVS", messages);
        Assert.Contains("real_server 198.51.100.2:80 is reached by DR/TUN: a fwmark service's destination has no port, 0 used in IPVS", messages);
    }
}
