using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;
using LvsDirector.Ipvs.Model;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Director.Tests.Binding;

public class BinderTests
{
    private static KeepalivedConfig Fixture(string name) =>
        KeepalivedConfigLoader.LoadFile(Path.Combine(Prerequisites.RepositoryRoot, "tests", "Director.Tests", "Fixtures", name + ".conf"), ConfigTestHelpers.Offline);

    [Fact]
    public void VrrpOptionsBinder_Fixture_BindsInstance()
    {
        var options = VrrpOptionsBinder.Bind(Fixture("vrrp").Model);
        var vi = options.Instances["VI_1"];
        Assert.Equal("eth0", vi.Interface);
        Assert.Equal(51, vi.VirtualRouterId);
        Assert.Equal(VrrpVersion.V3, vi.Version);
        Assert.Equal(150, vi.Priority);
        Assert.Equal(TimeSpan.FromMilliseconds(100), vi.AdvertisementInterval);
        Assert.Equal(VrrpInitialState.Master, vi.InitialState);
        Assert.Equal(IPAddress.Parse("192.0.2.11"), vi.SourceAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.12"), Assert.Single(vi.UnicastPeers).Address);
        Assert.Equal(2, vi.VirtualAddresses.Count);
        Assert.Equal(24, vi.VirtualAddresses[0].PrefixLength);
        Assert.Equal("eth0:vip", vi.VirtualAddresses[0].Label);
        Assert.Equal(AddressFamily.InterNetworkV6, Assert.Single(vi.ExcludedVirtualAddresses).Address.AddressFamily);
        Assert.Equal(TimeSpan.FromSeconds(5), vi.Gratuitous.MasterDelay);
    }

    [Fact]
    public void VrrpOptionsBinder_SameConfigTwice_EqualOptions()
    {
        Assert.Equal(VrrpOptionsBinder.Bind(Fixture("vrrp").Model), VrrpOptionsBinder.Bind(Fixture("vrrp").Model));
        Assert.Equal(CheckerOptionsBinder.Bind(Fixture("lvs").Model), CheckerOptionsBinder.Bind(Fixture("lvs").Model));
        Assert.Equal(IpvsOptionsBinder.Bind(Fixture("lvs").Model).Options, IpvsOptionsBinder.Bind(Fixture("lvs").Model).Options);
    }

    [Fact]
    public void IpvsOptionsBinder_Fixture_ExpandsGroupAndMapsMethods()
    {
        var binding = IpvsOptionsBinder.Bind(Fixture("lvs").Model);
        var https = binding.Services.Single(s => s.Name == "192.0.2.100:443/TCP");
        var service = Assert.Single(https.Services);
        Assert.Equal("sh", service.Scheduler);
        Assert.True(service.Flags.HasFlag(IpvsServiceFlags.ShPort));
        Assert.Equal(360u, service.PersistenceTimeoutSeconds);
        Assert.All(service.RealServers, r => Assert.Equal(IpvsForwardingMethod.DirectRoute, r.ForwardingMethod));
        Assert.Equal(3, service.RealServers.Single(r => r.Address.Equals(IPAddress.Parse("198.51.100.11"))).Weight);
        Assert.Equal(IPAddress.Parse("198.51.100.99"), https.SorryServer!.Address);

        var tunnel = Assert.Single(binding.Services.Single(s => s.Name == "fwmark 7").Services);
        var tunnelDest = Assert.Single(tunnel.RealServers);
        Assert.Equal(IpvsForwardingMethod.Tunnel, tunnelDest.ForwardingMethod);
        Assert.Equal(IpvsTunnelType.Gue, tunnelDest.TunnelType);
        Assert.Equal((ushort)6080, tunnelDest.TunnelPort);

        var group = binding.Services.Single(s => s.Name == "group web").Services.Select(s => s.Key.ToString()).ToList();
        Assert.Equal(new[] { "TCP 192.0.2.100:80", "TCP 192.0.2.110:80", "TCP 192.0.2.111:80", "TCP 192.0.2.112:80", "FWM 7" }, group);
    }

    [Fact]
    public void CheckerOptionsBinder_Fixture_BindsChecksWithEffectiveTimings()
    {
        var options = CheckerOptionsBinder.Bind(Fixture("lvs").Model);
        var https = options.Services.Single(s => s.Name == "192.0.2.100:443/TCP");
        Assert.Equal(2, https.Quorum);
        Assert.Equal(1, https.Hysteresis);
        var rs1 = https.RealServers.Single(r => r.Port == 443 && r.Address.Equals(IPAddress.Parse("198.51.100.11")));
        var ssl = Assert.IsType<HttpGetCheckOptions>(Assert.Single(rs1.Checks));
        Assert.True(ssl.Tls);
        Assert.Equal(TimeSpan.FromSeconds(2), ssl.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), ssl.DelayLoop);
        var url = Assert.Single(ssl.Urls);
        Assert.Equal(new[] { new StatusCodeRange(200, 299), StatusCodeRange.Single(301) }, url.StatusCodes);
        Assert.Equal("9b3a0c85a887a256d6939da88aabd8cd", url.Digest);
        var rs2 = https.RealServers.Single(r => r.Address.Equals(IPAddress.Parse("198.51.100.12")));
        var misc = rs2.Checks.OfType<MiscCheckOptions>().Single();
        Assert.Equal(new[] { "/bin/echo", "198.51.100.12" }, misc.Command);
        Assert.True(misc.Dynamic);
        Assert.Equal(8443, rs2.Checks.OfType<TcpCheckOptions>().Single().ConnectPort);
        var dns = options.Services.Single(s => s.Name == "fwmark 7").RealServers.Single().Checks.OfType<DnsCheckOptions>().Single();
        Assert.Equal(DnsQueryType.A, dns.Type);
        Assert.Equal(3, dns.Retry);
    }

    [Fact]
    public void CheckerOptionsBinder_RealServersWithAlikeTcpChecks_ShareOneRecordAndKeepTheirOwnSettings()
    {
        var config = ConfigTestHelpers.Load("""
            virtual_server 192.0.2.1 80 {
                delay_loop 5
                real_server 198.51.100.1 80 {
                    TCP_CHECK {
                        connect_timeout 3
                    }
                }
                real_server 198.51.100.2 80 {
                    TCP_CHECK {
                        connect_timeout 3
                    }
                }
                real_server 198.51.100.3 80 {
                    TCP_CHECK {
                        connect_timeout 3
                        connect_port 8080
                    }
                }
                real_server 198.51.100.4 80 {
                    TCP_CHECK {
                        connect_timeout 3
                    }
                }
            }
            """);
        var checks = CheckerOptionsBinder.Bind(config.Model).Services.Single().RealServers
            .Select(r => Assert.IsType<TcpCheckOptions>(Assert.Single(r.Checks))).ToList();

        Assert.Same(checks[0], checks[1]);
        Assert.Equal(8080, checks[2].ConnectPort);
        Assert.Null(checks[3].ConnectPort);
        Assert.Equal(checks[0], checks[3]);
        Assert.All(checks, c => Assert.Equal(TimeSpan.FromSeconds(3), c.ConnectTimeout));
        Assert.All(checks, c => Assert.Equal(TimeSpan.FromSeconds(5), c.DelayLoop));
    }

    [Fact]
    public void IpvsAndCheckerBinders_RealServerAddress_ParsedOnceAtTheHeader()
    {
        var config = ConfigTestHelpers.Load("""
            virtual_server 192.0.2.1 80 {
                real_server 198.51.100.7 80 {
                    TCP_CHECK {
                    }
                }
            }
            """);
        var checker = CheckerOptionsBinder.Bind(config.Model).Services.Single().RealServers.Single().Address;
        var ipvs = IpvsOptionsBinder.Bind(config.Model).Services.Single().Services.Single().RealServers.Single().Address;

        Assert.Equal(IPAddress.Parse("198.51.100.7"), checker);
        Assert.Same(checker, ipvs);
    }

    [Fact]
    public void CheckerOptionsBinder_MiscCheckProgramMissing_CheckDisabledAsKeepalived()
    {
        var config = ConfigTestHelpers.Load("""
            virtual_server 192.0.2.1 80 {
              lb_algo rr
              real_server 198.51.100.1 80 {
                MISC_CHECK { misc_path "/nonexistent/lvsd-check arg" }
                TCP_CHECK { }
              }
            }
            """);
        var rs = CheckerOptionsBinder.Bind(config.Model).Services.Single().RealServers.Single();
        Assert.IsType<TcpCheckOptions>(Assert.Single(rs.Checks));
    }

    private const string SslConfig = """
        SSL {
          password secret
          ca /etc/lvsd/ca.pem
          certificate /etc/lvsd/client.pem
          key /etc/lvsd/client.key
        }
        virtual_server 192.0.2.1 443 {
          lb_algo rr
          real_server 198.51.100.1 443 {
            SSL_GET {
              url { path / }
            }
            HTTP_GET {
              url { path / }
            }
          }
          real_server 198.51.100.2 443 {
            SSL_GET {
              url { path / }
              verify_certificate
            }
          }
        }
        """;

    [Fact]
    public void CheckerOptionsBinder_GlobalSslBlock_ClientCertificateOnEverySslGetOnly()
    {
        var services = CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(SslConfig).Model);
        var rs1 = services.Services.Single().RealServers[0].Checks.OfType<HttpGetCheckOptions>().ToList();
        var ssl = rs1.Single(c => c.Tls);
        Assert.Equal("/etc/lvsd/client.pem", ssl.ClientCertificateFile);
        Assert.Equal("/etc/lvsd/client.key", ssl.ClientKeyFile);
        Assert.Equal("secret", ssl.ClientKeyPassword);
        Assert.Null(ssl.CaFile); // keepalived loads "ca" but never verifies; without verify_certificate it is not used
        var http = rs1.Single(c => !c.Tls);
        Assert.Null(http.ClientCertificateFile);
        Assert.Null(http.ClientKeyPassword);
        Assert.Empty(CheckerOptionsValidator.Validate(services).Select(e => e.ToString()));
    }

    [Fact]
    public void CheckerOptionsBinder_GlobalSslCaWithVerifyCertificate_TrustStoreOfTheCheck()
    {
        var services = CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(SslConfig).Model);
        var check = Assert.IsType<HttpGetCheckOptions>(Assert.Single(services.Services.Single().RealServers[1].Checks));
        Assert.Equal("/etc/lvsd/ca.pem", check.CaFile);
        Assert.Equal("/etc/lvsd/client.pem", check.ClientCertificateFile);
    }

    [Fact]
    public void CheckerOptionsBinder_NoSslBlock_NoClientCertificate()
    {
        var services = CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(SslConfig[SslConfig.IndexOf("virtual_server", StringComparison.Ordinal)..]).Model);
        Assert.All(services.Services.Single().RealServers.SelectMany(r => r.Checks).OfType<HttpGetCheckOptions>(), c => Assert.Null(c.ClientCertificateFile));
    }

    public static IEnumerable<object[]> Samples() =>
        Directory.EnumerateFiles(Path.Combine(Prerequisites.SharedRoot, "keepalived-samples"), "keepalived.conf*").Order().Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>What the binders make of every sample is accepted by each library's own validator.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Binders_Sample_OptionsPassLibraryValidators(string name)
    {
        var config = KeepalivedConfigLoader.LoadFile(Path.Combine(Prerequisites.SharedRoot, "keepalived-samples", name), ConfigTestHelpers.Offline);
        var vrrpErrors = LvsDirector.Vrrp.Configuration.VrrpOptionsValidator.Validate(VrrpOptionsBinder.Bind(config.Model)).Select(e => e.ToString()).ToList();
        Assert.Empty(vrrpErrors);
        Assert.Empty(LvsDirector.Ipvs.Configuration.IpvsOptionsValidator.Validate(IpvsOptionsBinder.Bind(config.Model).Options).Select(e => e.ToString()));
        Assert.Empty(CheckerOptionsValidator.Validate(CheckerOptionsBinder.Bind(config.Model)).Select(e => e.ToString()));
    }
}
