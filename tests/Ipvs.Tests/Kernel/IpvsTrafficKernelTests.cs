using System.Diagnostics;
using System.Net;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;

namespace LvsDirector.Ipvs.Tests.Kernel;

/// <summary>
/// Real traffic through a VIP programmed by the reconciler, inside the VM: a client namespace, the director
/// (the VM's root namespace) and two real servers in their own namespaces running busybox httpd.
/// NAT: 203.0.113.100:80 → 198.51.100.11:80; DR: 203.0.113.100:8080 → 198.51.100.12:8080 (VIP on the real server's lo).
/// </summary>
[Trait("Category", IpvsKernel.Category)]
[Collection(IpvsKernelCollection.Name)]
public class IpvsTrafficKernelTests
{
    private const string Setup = """
        set -e
        sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
        for ns in lvsi-cl lvsi-r1 lvsi-r2; do ip netns add $ns; ip -n $ns link set lo up; done
        ip link add lvsi-dc type veth peer name eth0 netns lvsi-cl
        ip link add lvsi-br type bridge; ip link set lvsi-br up
        ip addr add 203.0.113.1/24 dev lvsi-dc; ip link set lvsi-dc up
        ip addr add 203.0.113.100/32 dev lo
        ip -n lvsi-cl addr add 203.0.113.2/24 dev eth0; ip -n lvsi-cl link set eth0 up; ip -n lvsi-cl route add default via 203.0.113.1
        ip addr add 198.51.100.1/24 dev lvsi-br
        # DR replies come back through the director (it is the real servers' gateway) with the VIP as source:
        # without accept_local the director drops them as martians.
        sysctl -qw net.ipv4.conf.all.accept_local=1 net.ipv4.conf.lvsi-br.accept_local=1
        for i in 1 2; do
          ip link add lvsi-r$i type veth peer name eth0 netns lvsi-r$i
          ip link set lvsi-r$i master lvsi-br up
          ip -n lvsi-r$i addr add 198.51.100.1$i/24 dev eth0; ip -n lvsi-r$i link set eth0 up
          ip -n lvsi-r$i route add default via 198.51.100.1
          ip netns exec lvsi-r$i sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0
          mkdir -p /tmp/lvsi-www$i; echo "real server r$i" > /tmp/lvsi-www$i/index.html
        done
        ip -n lvsi-r2 addr add 203.0.113.100/32 dev lo
        ip netns exec lvsi-r2 sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
        ip netns exec lvsi-r1 busybox httpd -p 80 -h /tmp/lvsi-www1
        ip netns exec lvsi-r2 busybox httpd -p 8080 -h /tmp/lvsi-www2
        """;

    private const string Teardown = """
        for ns in lvsi-r1 lvsi-r2; do ip netns pids $ns 2>/dev/null | xargs -r kill; done
        for ns in lvsi-cl lvsi-r1 lvsi-r2; do ip netns del $ns 2>/dev/null; done
        ip link del lvsi-dc 2>/dev/null; ip link del lvsi-br 2>/dev/null
        ip addr del 203.0.113.100/32 dev lo 2>/dev/null
        rm -rf /tmp/lvsi-www1 /tmp/lvsi-www2
        true
        """;

    [Fact]
    public async Task ApplyAsync_NatAndDrServices_ClientReachesRealServersThroughVip()
    {
        Prerequisites();
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        IpvsKernel.Run("sh", "-c", Teardown);
        try
        {
            IpvsKernel.Run("sh", "-c", Setup);
            await using var reconciler = IpvsReconciler.Create();
            var vip = IPAddress.Parse("203.0.113.100");
            var result = await reconciler.ApplyAsync(new IpvsOptions
            {
                OwnershipStateFile = null,
                Services = new[]
                {
                    new VirtualServiceOptions
                    {
                        Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, vip, 80), Scheduler = "rr",
                        RealServers = new[] { new RealServerOptions { Address = IPAddress.Parse("198.51.100.11"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Masquerade } },
                    },
                    new VirtualServiceOptions
                    {
                        Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, vip, 8080), Scheduler = "rr",
                        RealServers = new[] { new RealServerOptions { Address = IPAddress.Parse("198.51.100.12"), Port = 8080, ForwardingMethod = IpvsForwardingMethod.DirectRoute } },
                    },
                },
            }, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Failures));

            Assert.Equal("real server r1", await FetchAsync("http://203.0.113.100:80/"));
            Assert.Equal("real server r2", await FetchAsync("http://203.0.113.100:8080/"));
            // The connection table (not the estimator-fed counters) shows which real server took each connection.
            var connections = IpvsKernel.Ipvsadm("-Lnc");
            Assert.Matches(@"203\.0\.113\.2:\d+\s+203\.0\.113\.100:80\s+198\.51\.100\.11:80", connections);
            Assert.Matches(@"203\.0\.113\.2:\d+\s+203\.0\.113\.100:8080\s+198\.51\.100\.12:8080", connections);
        }
        finally
        {
            IpvsKernel.Run("sh", "-c", Teardown);
        }
    }

    /// <summary>
    /// After real connections, the counters we decode (stats64, rates, active/inactive/persistent connections)
    /// equal what <c>ipvsadm -Ln --stats / --rate / --persistent-conn --exact</c> shows for the same objects, and
    /// ZERO clears them in the kernel.
    /// </summary>
    [Fact]
    public async Task Counters_AfterTraffic_EqualIpvsadmViewsAndZeroClearsThem()
    {
        Prerequisites();
        using var client = await IpvsKernel.OpenCleanAsync();
        IpvsKernel.Run("sh", "-c", Teardown);
        try
        {
            IpvsKernel.Run("sh", "-c", Setup);
            var vip = IPAddress.Parse("203.0.113.100");
            var key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, vip, 80);
            // Persistent, so that each client leaves a template: the persistent-connection count is not 0.
            await client.NewServiceAsync(new IpvsService { Key = key, Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, TimeoutSeconds = 300, Netmask = uint.MaxValue }, CancellationToken.None);
            await client.NewDestinationAsync(key, new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80, Weight = 1, ForwardingMethod = IpvsForwardingMethod.Masquerade }, CancellationToken.None);
            for (var i = 0; i < 3; i++) Assert.Equal("real server r1", await FetchAsync("http://203.0.113.100:80/"));
            // The counters a dump reports are summed from the per-CPU ones by the estimator, every 2 s: wait for the
            // tick after the last packet (FIN, ACK), then nothing moves.
            await Task.Delay(TimeSpan.FromSeconds(3));

            // Counters: exact, and nothing flows any more.
            var service = Assert.Single(await client.GetServicesAsync(CancellationToken.None));
            var dest = Assert.Single(await client.GetDestinationsAsync(key, CancellationToken.None));
            var stats = Columns(IpvsKernel.Ipvsadm("-Ln", "--stats", "--exact"));
            Assert.Equal(3ul, service.Stats.Connections);
            Assert.True(service.Stats.InPackets >= 15, $"in packets {service.Stats.InPackets}");
            Assert.Equal(Counters(service.Stats), stats["TCP 203.0.113.100:80"]);
            Assert.Equal(Counters(dest.Stats), stats["-> 198.51.100.11:80"]);

            // Connection counts: the three connections (in TIME_WAIT: inactive) and their one template.
            var persistent = Columns(IpvsKernel.Ipvsadm("-Ln", "--persistent-conn"));
            Assert.Equal(1u, dest.PersistentConnections);
            Assert.Equal([(uint)dest.Destination.Weight, dest.PersistentConnections, dest.ActiveConnections, dest.InactiveConnections],
                persistent["-> 198.51.100.11:80"].Select(v => (uint)v).ToArray());

            // Rates: the kernel's estimator moves every 2 s, so ours must equal one of two readings taken around it.
            var before = Columns(IpvsKernel.Ipvsadm("-Ln", "--rate", "--exact"))["TCP 203.0.113.100:80"];
            var ours = Rates((await client.GetServiceAsync(key, CancellationToken.None))!.Stats);
            var after = Columns(IpvsKernel.Ipvsadm("-Ln", "--rate", "--exact"))["TCP 203.0.113.100:80"];
            Assert.True(ours.SequenceEqual(before) || ours.SequenceEqual(after),
                $"ours {string.Join(' ', ours)}, ipvsadm {string.Join(' ', before)} then {string.Join(' ', after)}");

            await client.ZeroAsync(null, CancellationToken.None);
            var zeroed = Columns(IpvsKernel.Ipvsadm("-Ln", "--stats", "--exact"));
            Assert.Equal([0ul, 0ul, 0ul, 0ul, 0ul], zeroed["TCP 203.0.113.100:80"]);
            Assert.Equal([0ul, 0ul, 0ul, 0ul, 0ul], zeroed["-> 198.51.100.11:80"]);
            Assert.Equal(0ul, Assert.Single(await client.GetServicesAsync(CancellationToken.None)).Stats.Connections);
        }
        finally
        {
            IpvsKernel.Run("sh", "-c", Teardown);
        }
    }

    private static ulong[] Counters(IpvsStats s) => [s.Connections, s.InPackets, s.OutPackets, s.InBytes, s.OutBytes];

    private static ulong[] Rates(IpvsStats s) => [s.ConnectionsPerSecond, s.InPacketsPerSecond, s.OutPacketsPerSecond, s.InBytesPerSecond, s.OutBytesPerSecond];

    // An ipvsadm -Ln view as "TCP addr:port" / "-> addr:port" → its numeric columns (the forwarding word skipped).
    private static Dictionary<string, ulong[]> Columns(string listing)
    {
        var rows = new Dictionary<string, ulong[]>();
        foreach (var line in listing.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3 || !(f[0] is "TCP" or "UDP" or "->") || !char.IsDigit(f[1][0])) continue;
            rows[$"{f[0]} {f[1]}"] = f.Skip(2).Where(v => char.IsDigit(v[0])).Select(ulong.Parse).ToArray();
        }
        return rows;
    }

    private static void Prerequisites()
    {
        TestSupport.Prerequisites.RequireCommand("busybox", "busybox");
        TestSupport.Prerequisites.RequireCommand("ip", "iproute2");
        TestSupport.Prerequisites.RequireCommand("curl", "curl");
    }

    // The client runs curl in its namespace (busybox wget crashes in the guest); a few tries absorb the httpd start-up.
    private static async Task<string> FetchAsync(string url)
    {
        string last = "";
        for (int attempt = 0; attempt < 10; attempt++)
        {
            var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "netns", "exec", "lvsi-cl", "curl", "-sS", "--max-time", "5", url }) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var output = await p.StandardOutput.ReadToEndAsync();
            last = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode == 0) return output.Trim();
            await Task.Delay(300);
        }
        throw new InvalidOperationException($"curl {url} from lvsi-cl failed: {last}");
    }
}
