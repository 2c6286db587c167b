using System.Net;
using System.Text.RegularExpressions;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;

namespace LvsDirector.Director.Tests.Binding;

/// <summary>
/// Every checker keyword of keepalived.conf (and our extension keywords) reaches the option it sets: the
/// completeness and golden-JSON tests prove a keyword is recognised and stored, these that the binder maps it.
/// </summary>
public class CheckerKeywordBindingTests
{
    private const string Config = """
        global_defs {
          script_user nobody
          enable_script_security
        }
        track_file ready {
          file /run/lvsd-test/ready
          weight 5
        }
        virtual_server 192.0.2.1 80 {
          protocol TCP
          lb_algo rr
          delay_loop 7
          alpha
          omega
          quorum 2
          hysteresis 1
          quorum_up "/bin/echo up"
          quorum_down "/bin/echo down" daemon daemon
          inhibit_on_failure
          virtualhost vs.example
          slow_start 30
          sorry_server 198.51.100.99 8080
          sorry_server_inhibit
          real_server 198.51.100.1 80 {
            weight 3
            notify_up "/bin/echo rs-up"
            notify_down "/bin/echo rs-down" daemon
            virtualhost rs.example
            connect_timeout 4
            retry 2
            HTTP_GET {
              url {
                path /health
                digest 9b3a0c85a887a256d6939da88aabd8cd
                status_code 200
                status_code 301-302
                virtualhost url.example
                regex "ok|ready"
                regex_no_match
                regex_options caseless multiline dotall extended no_auto_capture
                regex_min_offset 2
                regex_max_offset 64
              }
              virtualhost check.example
              http_protocol 1.1
              connect_ip 203.0.113.5
              connect_port 8081
              bindto 192.0.2.50
              bind_port 4000
              bind_if eth0
              fwmark 42
              warmup 3
              delay_before_retry 1.5
              check_deadline 9
              log_all_failures
            }
          }
          real_server 198.51.100.2 443 {
            slow_start 10
            SSL_GET {
              url { path / }
              enable_sni
              sni_name tls.example
              tls_compliant
              verify_certificate
              ca_file /etc/lvsd/ca.pem
              cert_expiry_warning 86400
              http_protocol 1.0C
            }
          }
          real_server 198.51.100.3 25 {
            SMTP_CHECK {
              helo_name director.example
              host {
                connect_ip 203.0.113.25
                connect_port 2525
                bindto 192.0.2.51
                bind_port 4001
                bind_if eth1
                fwmark 43
                connect_timeout 7
              }
            }
          }
          real_server 198.51.100.4 53 {
            DNS_CHECK {
              type A
              name www.example
            }
            UDP_CHECK {
              payload 0a0b0c
              require_reply
              min_reply_length 2
              max_reply_length 9
            }
            PING_CHECK {
              alpha
            }
          }
          real_server 198.51.100.5 80 {
            MISC_CHECK {
              misc_path "/bin/true arg"
              misc_timeout 6
              misc_dynamic
              user nobody nogroup
            }
            FILE_CHECK {
              track_file ready
              weight 4 reverse
              dynamic
            }
          }
          real_server 198.51.100.6 80 {
            FILE_CHECK {
              track_file ready
            }
          }
        }
        """;

    [Fact]
    public void TheConfiguration_LoadsWithoutADiagnostic() =>
        Assert.Empty(ConfigTestHelpers.Load(Config).Diagnostics.Items.Select(d => d.ToString()));

    private static CheckedServiceOptions Service() => CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(Config).Model).Services.Single();

    private static RealServerOptions Rs(string address) => Service().RealServers.Single(r => r.Address.Equals(IPAddress.Parse(address)));

    [Fact]
    public void VirtualServerKeywords_ReachTheServiceOptions()
    {
        var vs = Service();
        Assert.Equal(TimeSpan.FromSeconds(7), vs.DelayLoop);
        Assert.True(vs.Alpha);
        Assert.True(vs.Omega);
        Assert.Equal(2, vs.Quorum);
        Assert.Equal(1, vs.Hysteresis);
        Assert.Equal(["/bin/echo", "up"], vs.QuorumUp);
        Assert.Equal(["/bin/echo", "down"], vs.QuorumDown);
        Assert.Null(vs.QuorumUpUser); // the global script_user's, at run time
        Assert.Equal(new ScriptUser("daemon", "daemon"), vs.QuorumDownUser);
        Assert.True(vs.InhibitOnFailure);
        Assert.Equal("vs.example", vs.VirtualHost);
        Assert.Equal(IPAddress.Parse("198.51.100.99"), vs.SorryServer!.Address);
        Assert.Equal(8080, vs.SorryServer.Port);
        Assert.True(vs.SorryServer.Inhibit);
    }

    [Fact]
    public void RealServerKeywords_ReachTheRealServerOptions()
    {
        var rs = Rs("198.51.100.1");
        Assert.Equal(3, rs.Weight);
        Assert.Equal(["/bin/echo", "rs-up"], rs.NotifyUp);
        Assert.Equal(["/bin/echo", "rs-down"], rs.NotifyDown);
        Assert.Null(rs.NotifyUpUser);
        Assert.Equal(new ScriptUser("daemon"), rs.NotifyDownUser);
        Assert.Equal("rs.example", rs.VirtualHost);
        Assert.Equal(TimeSpan.FromSeconds(4), rs.ConnectTimeout);
        Assert.Equal(2, rs.Retry);
        Assert.Equal(TimeSpan.FromSeconds(30), rs.SlowStart); // the virtual server's, inherited
        Assert.Equal(TimeSpan.FromSeconds(10), Rs("198.51.100.2").SlowStart); // its own
    }

    [Fact]
    public void HttpGetKeywords_ReachTheCheckAndItsUrl()
    {
        var check = Assert.IsType<HttpGetCheckOptions>(Assert.Single(Rs("198.51.100.1").Checks));
        Assert.False(check.Tls);
        Assert.Equal("check.example", check.VirtualHost);
        Assert.Equal(HttpProtocolVersion.Http11, check.Protocol);
        Assert.Equal(IPAddress.Parse("203.0.113.5"), check.ConnectIp);
        Assert.Equal(8081, check.ConnectPort);
        Assert.Equal(IPAddress.Parse("192.0.2.50"), check.BindTo);
        Assert.Equal(4000, check.BindPort);
        Assert.Equal("eth0", check.BindInterface);
        Assert.Equal(42u, check.FirewallMark);
        Assert.Equal(TimeSpan.FromSeconds(3), check.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(1.5), check.DelayBeforeRetry);
        Assert.Equal(TimeSpan.FromSeconds(9), check.Deadline);
        Assert.True(check.LogAllFailures);

        var url = Assert.Single(check.Urls);
        Assert.Equal("/health", url.Path);
        Assert.Equal("9b3a0c85a887a256d6939da88aabd8cd", url.Digest);
        Assert.Equal([StatusCodeRange.Single(200), new StatusCodeRange(301, 302)], url.StatusCodes);
        Assert.Equal("url.example", url.VirtualHost);
        Assert.Equal("ok|ready", url.Regex);
        Assert.True(url.RegexNoMatch);
        Assert.Equal(RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture,
            url.RegexOptions);
        Assert.Equal(2, url.RegexMinOffset);
        Assert.Equal(64, url.RegexMaxOffset);
    }

    [Fact]
    public void SslGetKeywords_ReachTheCheck()
    {
        var check = Assert.IsType<HttpGetCheckOptions>(Assert.Single(Rs("198.51.100.2").Checks));
        Assert.True(check.Tls);
        Assert.True(check.EnableSni);
        Assert.Equal("tls.example", check.SniName);
        Assert.True(check.TlsCompliant);
        Assert.True(check.VerifyCertificate);
        Assert.Equal("/etc/lvsd/ca.pem", check.CaFile);
        Assert.Equal(TimeSpan.FromDays(1), check.CertificateExpiryWarning);
        Assert.Equal(HttpProtocolVersion.Http10Close, check.Protocol);
    }

    [Fact]
    public void SmtpKeywords_HeloNameAndTheOldHostBlock()
    {
        var check = Assert.IsType<SmtpCheckOptions>(Assert.Single(Rs("198.51.100.3").Checks));
        Assert.Equal("director.example", check.HeloName);
        var host = Assert.Single(check.Hosts);
        Assert.Equal(IPAddress.Parse("203.0.113.25"), host.ConnectIp);
        Assert.Equal(2525, host.ConnectPort);
        Assert.Equal(IPAddress.Parse("192.0.2.51"), host.BindTo);
        Assert.Equal(4001, host.BindPort);
        Assert.Equal("eth1", host.BindInterface);
        Assert.Equal(43u, host.FirewallMark);
        Assert.Equal(TimeSpan.FromSeconds(7), host.ConnectTimeout);
    }

    [Fact]
    public void DnsUdpAndPingKeywords_ReachTheirChecks()
    {
        var checks = Rs("198.51.100.4").Checks;
        var dns = Assert.Single(checks.OfType<DnsCheckOptions>());
        Assert.Equal(DnsQueryType.A, dns.Type);
        Assert.Equal("www.example", dns.Name);
        var udp = Assert.Single(checks.OfType<UdpCheckOptions>());
        Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, udp.Payload);
        Assert.True(udp.RequireReply);
        Assert.Equal(2, udp.MinReplyLength);
        Assert.Equal(9, udp.MaxReplyLength);
        Assert.True(Assert.Single(checks.OfType<PingCheckOptions>()).Alpha);
    }

    [Fact]
    public void MiscAndFileKeywords_ReachTheirChecks()
    {
        var checks = Rs("198.51.100.5").Checks;
        var misc = Assert.Single(checks.OfType<MiscCheckOptions>());
        Assert.Equal(["/bin/true", "arg"], misc.Command);
        Assert.Equal(TimeSpan.FromSeconds(6), misc.Timeout);
        Assert.True(misc.Dynamic);
        Assert.Equal("nobody", misc.User);
        Assert.Equal("nogroup", misc.Group);
        var file = Assert.Single(checks.OfType<FileCheckOptions>());
        Assert.Equal("/run/lvsd-test/ready", file.Path);
        Assert.Equal(4, file.Weight);
        Assert.True(file.Reverse);
        Assert.True(file.Dynamic);
        var inherited = Assert.IsType<FileCheckOptions>(Assert.Single(Rs("198.51.100.6").Checks));
        Assert.Equal(5, inherited.Weight); // the track_file's
        Assert.False(inherited.Reverse);
        Assert.False(inherited.Dynamic);
    }

    [Fact]
    public void ScriptUser_TheGlobalDefaultOfEveryCheckerScript() =>
        Assert.Equal(new ScriptUser("nobody"), CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(Config).Model).ScriptUser);

    [Fact]
    public void RegexOptionsWithoutAnEquivalent_AndRegexStack_LoadWithAWarningNamingThem()
    {
        var config = ConfigTestHelpers.Load("""
            virtual_server 192.0.2.1 80 {
              protocol TCP
              real_server 198.51.100.1 80 {
                HTTP_GET {
                  url {
                    path /
                    regex "ok"
                    regex_options caseless ungreedy utf
                    regex_stack 32 512
                  }
                }
              }
            }
            """);
        var warnings = config.Diagnostics.Items.Select(d => d.ToString()).Where(d => d.Contains("regex", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("regex_options: 'ungreedy' has no equivalent", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("regex_stack", StringComparison.Ordinal));
        var url = Assert.IsType<HttpGetCheckOptions>(CheckerOptionsBinder.Bind(config.Model).Services.Single().RealServers.Single().Checks.Single()).Urls.Single();
        Assert.Equal(RegexOptions.IgnoreCase, url.RegexOptions);
    }

    [Fact]
    public void TheWholeConfiguration_PassesTheCheckersOwnValidator() =>
        Assert.Empty(CheckerOptionsValidator.Validate(CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(Config).Model)).Select(e => e.ToString()));
}
