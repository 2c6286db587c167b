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
        virtual_server 192.0.2.10 80 {
          lb_algo rr
          ha_suspend
          real_server 198.51.100.1 80 {
          }
        }
        virtual_server 192.0.2.11 80 {
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
    public void Bind_Group_EveryAddressEntryRangesExpandedFwmarkIgnored() =>
        Assert.Equal(Parse("192.0.2.20", "192.0.2.30", "192.0.2.31", "192.0.2.32"), AddressesOf("group web"));

    [Fact]
    public void Bind_FwmarkVirtualServer_NoAddressAndAWarning()
    {
        Assert.Empty(AddressesOf("fwmark 5"));
        var warning = Assert.Single(ConfigTestHelpers.Load(Config).Diagnostics.Items, d => d.Message.Contains("fwmark 5", StringComparison.Ordinal));
        Assert.Equal("virtual_server fwmark 5: ha_suspend has no effect on a fwmark virtual server", warning.Message);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Bind_GroupOfFwmarksOnly_NoAddressAndAWarning()
    {
        Assert.Empty(AddressesOf("group marks"));
        Assert.Contains(ConfigTestHelpers.Load(Config).Diagnostics.Items, d => d.Message == "virtual_server group marks: ha_suspend has no effect: group marks has no address entry");
    }

    [Fact]
    public void Load_AddressVirtualServers_NoHaSuspendWarning() =>
        Assert.DoesNotContain(ConfigTestHelpers.Load(Config).Diagnostics.Items, d => d.Message.Contains("ha_suspend", StringComparison.Ordinal)
            && !d.Message.Contains("fwmark 5", StringComparison.Ordinal) && !d.Message.Contains("group marks", StringComparison.Ordinal));
}
