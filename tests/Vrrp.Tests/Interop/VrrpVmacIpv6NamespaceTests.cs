using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// use_vmac for an IPv6 instance between two of our routers (NamespaceLab: eth0 2001:db8::1 and ::2): the VMAC has
/// 00:00:5e:00:02:VRID, addrgenmode none and the parent's link-local; the master holds the VIP on it; a client's
/// neighbour entry for the VIP is the virtual MAC before and after failover; the stopped router's VMAC is gone.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class VrrpVmacIpv6NamespaceTests(ITestOutputHelper output)
{
    private const string Vip = "2001:db8::100";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private static VrrpOptions Options(int priority) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_6", new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = 52,
            Version = VrrpVersion.V3,
            Priority = priority,
            AdvertisementInterval = Interval,
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(Vip), PrefixLength = 64 } },
            Vmac = new VmacOptions(),
        })]),
    };

    private static string LinkLocal(string ns, string device) =>
        NamespaceLab.Run("ip", $"-n {ns} -6 -o addr show dev {device} scope link").Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "inet6").Skip(1).FirstOrDefault() ?? "";

    [Fact]
    public async Task Vmac_Ipv6_VirtualMacLinkLocalFromParentFailoverKeepsNeighbourEntry()
    {
        Prerequisites.RequireCommand("ping", "iputils-ping");
        using var lab = new NamespaceLab();
        using var client = new ClientNamespace(lab, "2001:db8::3");
        var logs = new CollectingLoggerFactory();
        try
        {
            // The parents' link-locals come from their own MACs; wait until they are usable.
            Assert.True(await NamespaceLab.WaitAsync(() => LinkLocal(lab.A, "eth0").Length > 0 && LinkLocal(lab.B, "eth0").Length > 0, Settle), "no parent link-local");

            await using (var a = new VrrpRouter(logs, lab.A))
            {
                await using var b = new VrrpRouter(logs, lab.B);
                await a.ApplyAsync(Options(150));
                Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_6") == VrrpState.Master, Settle), "A did not become master\n" + logs);
                await b.ApplyAsync(Options(100));
                await Task.Delay(Interval * 10);
                Assert.Equal(VrrpState.Backup, b.GetState("VI_6"));

                var link = NamespaceLab.Run("ip", $"-n {lab.A} -d link show vrrp.52");
                output.WriteLine(link);
                Assert.Contains("link/ether 00:00:5e:00:02:34", link);
                Assert.Contains("addrgenmode none", link);
                Assert.Equal(LinkLocal(lab.A, "eth0"), LinkLocal(lab.A, "vrrp.52"));
                Assert.Contains($" {Vip}/64", NamespaceLab.Run("ip", $"-n {lab.A} -o addr show dev vrrp.52"));
                Assert.Equal("0", NamespaceLab.Run("ip", $"netns exec {lab.A} cat /proc/sys/net/ipv6/conf/vrrp.52/disable_ipv6").Trim());
                Assert.True(await ResolvesToVirtualMac(client), "the client's neighbour entry for the VIP is not the virtual MAC before failover");

                await a.StopAsync();
                Assert.True(await NamespaceLab.WaitAsync(() => b.GetState("VI_6") == VrrpState.Master, Settle), "B did not take over\n" + logs);
                Assert.Throws<InvalidOperationException>(() => NamespaceLab.Run("ip", $"-n {lab.A} link show vrrp.52"));
                Assert.True(await NamespaceLab.WaitAsync(() => NamespaceLab.Run("ip", $"-n {lab.B} -o addr show dev vrrp.52").Contains($" {Vip}/64", StringComparison.Ordinal), Settle), "the VIP is not on B's VMAC");
                Assert.True(await ResolvesToVirtualMac(client), "the client's neighbour entry for the VIP is not the virtual MAC after failover");
                Assert.Equal(LinkLocal(lab.B, "eth0"), LinkLocal(lab.B, "vrrp.52"));
            }
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    private static async Task<bool> ResolvesToVirtualMac(ClientNamespace client) =>
        await NamespaceLab.WaitAsync(() =>
        {
            client.Ping(Vip);
            return client.NeighbourMac(Vip) == "00:00:5e:00:02:34";
        }, Settle);
}
