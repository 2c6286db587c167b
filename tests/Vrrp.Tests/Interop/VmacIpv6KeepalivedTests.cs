using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>IPv6 use_vmac against keepalived 2.2.7 as the peer: one master, the same virtual MAC on both, failover both ways.</summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class VmacIpv6KeepalivedTests(ITestOutputHelper output)
{
    private const string Vip = "2001:db8::100";
    private const string Vmac = "00:00:5e:00:02:34";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    private static VrrpOptions Ours(int priority) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_6", new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = 52,
            Version = VrrpVersion.V3,
            Priority = priority,
            AdvertisementInterval = TimeSpan.FromMilliseconds(100),
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(Vip), PrefixLength = 64 } },
            Vmac = new VmacOptions(),
        })]),
    };

    private const string KeepalivedConfig = """
        global_defs {
            router_id lvsv_ka6
        }
        vrrp_instance VI_6 {
            state BACKUP
            interface eth0
            use_vmac
            virtual_router_id 52
            priority 100
            advert_int 0.1
            version 3
            virtual_ipaddress {
                2001:db8::100/64
            }
        }
        """;

    private static bool HoldsOnVmac(string ns) =>
        NamespaceLab.Run("ip", $"-n {ns} -o addr show").Split('\n').Any(l => l.Contains("vrrp.52", StringComparison.Ordinal) && l.Contains($" {Vip}/64", StringComparison.Ordinal));

    [Fact]
    public async Task Vmac_Ipv6_OursMasterKeepalivedBackup_FailoverKeepsTheVirtualMac()
    {
        Prerequisites.RequireCommand("ping", "iputils-ping");
        using var lab = new NamespaceLab();
        using var client = new ClientNamespace(lab, "2001:db8::3");
        var logs = new CollectingLoggerFactory();
        using var keepalived = new KeepalivedPeer(lab, lab.B, KeepalivedConfig);
        try
        {
            await using var a = new VrrpRouter(logs, lab.A);
            await a.ApplyAsync(Ours(150));
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_6") == VrrpState.Master, Settle), "we did not become master\n" + logs);
            keepalived.Start();
            // keepalived hears us and settles as BACKUP: its VMAC exists without the VIP, and we are Master. (On a
            // loaded machine its start-up may race our adverts for a moment; VRRP resolves that, so the test waits for
            // the settled state and then asserts that it holds.)
            Assert.True(await NamespaceLab.WaitAsync(() => NamespaceLab.Run("ip", $"-n {lab.B} -o link show").Contains("vrrp.52", StringComparison.Ordinal), Settle), "keepalived made no VMAC");
            Assert.True(await NamespaceLab.WaitAsync(() => !HoldsOnVmac(lab.B) && a.GetState("VI_6") == VrrpState.Master, Settle), "keepalived kept the VIP while we are master (it does not hear our adverts)\n" + logs);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(HoldsOnVmac(lab.B), "keepalived took the VIP again while we are master");
            Assert.Equal(VrrpState.Master, a.GetState("VI_6"));
            Assert.True(await NamespaceLab.WaitAsync(() => { client.Ping(Vip); return client.NeighbourMac(Vip) == Vmac; }, Settle), "the client does not reach the VIP at the virtual MAC");

            await a.StopAsync();
            Assert.True(await NamespaceLab.WaitAsync(() => HoldsOnVmac(lab.B), Settle), "keepalived did not take over after our priority 0\n" + logs);
            Assert.True(await NamespaceLab.WaitAsync(() => { client.Ping(Vip); return client.NeighbourMac(Vip) == Vmac; }, Settle), "the client's entry is not the virtual MAC after failover");

            // And back: we preempt keepalived with the higher priority; keepalived drops the VIP.
            await a.ApplyAsync(Ours(150));
            Assert.True(await NamespaceLab.WaitAsync(() => a.GetState("VI_6") == VrrpState.Master && !HoldsOnVmac(lab.B), Settle), "we did not preempt keepalived\n" + logs);
            // Our VMAC heard keepalived's adverts (sent from the same virtual MAC) while it was master.
            Assert.True(a.GetStatistics().Instances.Single().AdvertisementsReceived > 0, "no advert from keepalived reached our VMAC\n" + logs);
        }
        finally
        {
            keepalived.Stop();
            output.WriteLine(logs.ToString());
        }
    }
}
