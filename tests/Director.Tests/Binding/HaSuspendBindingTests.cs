using System.Net;
using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;

namespace LvsDirector.Director.Tests.Binding;

/// <summary>ha_suspend → <see cref="Checkers.Configuration.CheckedServiceOptions.SuspendUnlessLocal"/>: the addresses that let the checks run.</summary>
public class HaSuspendBindingTests
{
    private const string Config = """
        virtual_server_group web {
          192.0.2.20 80
          192.0.2.30-32 80
          fwmark 7
        }
        virtual_server_group marks {
          fwmark 8
        }
        virtual_server_group addresses {
          192.0.2.40 80
          192.0.2.50-51 80
        }
        virtual_server 192.0.2.10 80 {
          protocol TCP
          lb_algo rr
          ha_suspend
          real_server 198.51.100.1 80 {
          }
        }
        virtual_server 192.0.2.11 80 {
          protocol TCP
          lb_algo rr
          real_server 198.51.100.1 80 {
          }
        }
        virtual_server group web {
          lb_algo rr
          ha_suspend
          real_server 198.51.100.1 80 {
          }
        }
        virtual_server fwmark 5 {
          lb_algo rr
          ha_suspend
          real_server 198.51.100.1 80 {
          }
        }
        virtual_server group addresses {
          lb_algo rr
          protocol TCP
          ha_suspend
          real_server 198.51.100.1 80 {
          }
        }
        virtual_server group marks {
          lb_algo rr
          ha_suspend
          real_server 198.51.100.1 80 {
          }
        }
        """;

    private static IPAddress[] AddressesOf(string service) =>
        [.. CheckerOptionsBinder.Bind(ConfigTestHelpers.Load(Config).Model).Services.Single(s => s.Name == service).SuspendUnlessLocal];

    private static IPAddress[] Parse(params string[] addresses) => [.. addresses.Select(IPAddress.Parse)];

    [Fact]
    public void Bind_AddressVirtualServer_ItsAddress() =>
        Assert.Equal(Parse("192.0.2.10"), AddressesOf("192.0.2.10:80/TCP"));

    [Fact]
    public void Bind_WithoutHaSuspend_NoAddress() =>
        Assert.Empty(AddressesOf("192.0.2.11:80/TCP"));

    [Fact]
    public void Bind_GroupOfAddresses_EveryAddressEntryRangesExpanded() =>
        Assert.Equal(Parse("192.0.2.40", "192.0.2.50", "192.0.2.51"), AddressesOf("group addresses"));

    [Theory]
    [InlineData("fwmark 5")]
    [InlineData("group web")]
    [InlineData("group marks")]
    public void Bind_FwmarkOrGroupHoldingOne_ClearedWithKeepalivedsWarning(string service)
    {
        Assert.Empty(AddressesOf(service));
        var warning = Assert.Single(ConfigTestHelpers.Load(Config).Diagnostics.Items, d => d.Message.StartsWith($"virtual_server {service}: ha_suspend", StringComparison.Ordinal));
        Assert.Equal($"virtual_server {service}: ha_suspend cannot be used with fwmarks: cleared (as keepalived)", warning.Message);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Load_AddressVirtualServers_NoHaSuspendWarning() =>
        Assert.Equal(3, ConfigTestHelpers.Load(Config).Diagnostics.Items.Count(d => d.Message.Contains("ha_suspend", StringComparison.Ordinal)));
}
