using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Tests.Kernel;

/// <summary>Every IPVS command and attribute against the real kernel, checked with ipvsadm.</summary>
[Trait("Category", IpvsKernel.Category)]
[Collection(IpvsKernelCollection.Name)]
public class IpvsClientKernelTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");

    private static IpvsServiceKey Tcp(ushort port) => IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip, port);

    [Fact]
    public async Task GetInfoAsync_Kernel_ReportsVersion121()
    {
        using var client = await IpvsKernel.OpenAsync();
        var info = await client.GetInfoAsync(None);
        Assert.Equal("1.2.1", info.Version);
        Assert.True(info.ConnectionTableSize > 0);
    }

    [Fact]
    public async Task NewServiceAsync_EveryScheduler_RoundTripsAndIpvsadmShowsIt()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        // twos (Linux 5.12) is not in the VM's module set; it has its own test below.
        var schedulers = IpvsSchedulers.All.Where(s => s != "twos").ToList();
        var created = new List<IpvsService>();
        for (int i = 0; i < schedulers.Count; i++)
        {
            var service = new IpvsService { Key = Tcp((ushort)(1000 + i)), Scheduler = schedulers[i] };
            await client.NewServiceAsync(service, None);
            created.Add(service.WithDefaults());
        }

        var dumped = (await client.GetServicesAsync(None)).Select(e => e.Service).ToList();
        var listing = IpvsKernel.Ipvsadm("-Ln");

        Assert.Equal(created.OrderBy(s => s.Key.Port), dumped.OrderBy(s => s.Key.Port));
        for (int i = 0; i < schedulers.Count; i++)
            Assert.Contains($"TCP  192.0.2.100:{1000 + i} {schedulers[i]}", listing);
    }

    [Fact]
    public async Task NewServiceAsync_Twos_AddedWhenTheModuleExistsElseEnoentNamingService()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var service = new IpvsService { Key = Tcp(2000), Scheduler = "twos" };
        var release = IpvsKernel.Run("uname", "-r").Trim();
        bool moduleExists = Directory.Exists($"/lib/modules/{release}")
            && Directory.EnumerateFiles($"/lib/modules/{release}", "ip_vs_twos.ko*", SearchOption.AllDirectories).Any();
        if (moduleExists)
        {
            await client.NewServiceAsync(service, None);
            Assert.Contains("TCP  192.0.2.100:2000 twos", IpvsKernel.Ipvsadm("-Ln"));
        }
        else
        {
            var e = await Assert.ThrowsAsync<NetlinkException>(() => client.NewServiceAsync(service, None));
            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.StartsWith("add service TCP 192.0.2.100:2000: No such file or directory (ENOENT)", e.Message);
        }
    }

    [Theory]
    [InlineData(IpvsProtocol.Tcp, "192.0.2.100", "-t")]
    [InlineData(IpvsProtocol.Udp, "192.0.2.100", "-u")]
    [InlineData(IpvsProtocol.Sctp, "192.0.2.100", "--sctp-service")]
    [InlineData(IpvsProtocol.Tcp, "2001:db8::100", "-t")]
    [InlineData(IpvsProtocol.Udp, "2001:db8::100", "-u")]
    public async Task NewServiceAsync_ProtocolAndFamily_IpvsadmListsIt(IpvsProtocol protocol, string address, string ipvsadmFlag)
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var key = IpvsServiceKey.ForAddress(protocol, IPAddress.Parse(address), 8080);
        await client.NewServiceAsync(new IpvsService { Key = key, Scheduler = "rr" }, None);

        var endpoint = new IPEndPoint(IPAddress.Parse(address), 8080).ToString();
        var listing = IpvsKernel.Ipvsadm("-Ln", ipvsadmFlag, endpoint);
        Assert.Contains(endpoint, listing);
        Assert.Contains(" rr", listing);
        var dumped = Assert.Single(await client.GetServicesAsync(None));
        Assert.Equal(key, dumped.Service.Key);
        Assert.Equal(key, (await client.GetServiceAsync(key, None))!.Service.Key);
    }

    [Fact]
    public async Task NewServiceAsync_PersistentWithNetmaskTimeoutAndPe_IpvsadmShowsAll()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var service = new IpvsService
        {
            Key = IpvsServiceKey.ForAddress(IpvsProtocol.Udp, Vip, 5060),
            Scheduler = "wlc",
            Flags = IpvsServiceFlags.Persistent,
            TimeoutSeconds = 600,
            Netmask = 0xFFFFFF00,
            PersistenceEngine = "sip",
        };
        await client.NewServiceAsync(service, None);

        var listing = IpvsKernel.Ipvsadm("-Ln");
        Assert.Contains("UDP  192.0.2.100:5060 wlc persistent 600 mask 255.255.255.0 pe sip", listing);
        Assert.Equal(service, Assert.Single(await client.GetServicesAsync(None)).Service);
    }

    [Fact]
    public async Task NewServiceAsync_SchedulerFlags_IpvsadmShowsThem()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        await client.NewServiceAsync(new IpvsService { Key = Tcp(81), Scheduler = "sh", Flags = IpvsServiceFlags.ShFallback | IpvsServiceFlags.ShPort }, None);
        await client.NewServiceAsync(new IpvsService { Key = Tcp(82), Scheduler = "mh", Flags = IpvsServiceFlags.MhFallback | IpvsServiceFlags.MhPort }, None);
        await client.NewServiceAsync(new IpvsService { Key = IpvsServiceKey.ForAddress(IpvsProtocol.Udp, Vip, 53), Scheduler = "rr", Flags = IpvsServiceFlags.OnePacket }, None);

        var listing = IpvsKernel.Ipvsadm("-Ln");
        Assert.Contains("TCP  192.0.2.100:81 sh (sh-fallback,sh-port)", listing);
        Assert.Contains("TCP  192.0.2.100:82 mh (mh-fallback,mh-port)", listing);
        Assert.Contains("UDP  192.0.2.100:53 rr ops", listing);
        var flags = (await client.GetServicesAsync(None)).ToDictionary(e => e.Service.Key, e => e.Service.Flags);
        Assert.Equal(IpvsServiceFlags.ShFallback | IpvsServiceFlags.ShPort, flags[Tcp(81)]);
        Assert.Equal(IpvsServiceFlags.OnePacket, flags[IpvsServiceKey.ForAddress(IpvsProtocol.Udp, Vip, 53)]);
    }

    [Fact]
    public async Task NewServiceAsync_FirewallMarkIpv4AndIpv6_IpvsadmListsFwm()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        await client.NewServiceAsync(new IpvsService { Key = IpvsServiceKey.ForFirewallMark(7), Scheduler = "wrr" }, None);
        await client.NewServiceAsync(new IpvsService { Key = IpvsServiceKey.ForFirewallMark(8, AddressFamily.InterNetworkV6), Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, TimeoutSeconds = 60, Netmask = 64 }, None);
        await client.NewDestinationAsync(IpvsServiceKey.ForFirewallMark(7), new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 0, Weight = 3 }, None);

        var save = IpvsKernel.SaveSorted();
        Assert.Contains("-A -f 7 -s wrr", save);
        Assert.Contains("-A -f 8 -6 -s rr -p 60 -M 64", save);
        Assert.Contains("-a -f 7 -r 198.51.100.11:0 -g -w 3", save);
        var dumped = (await client.GetServicesAsync(None)).Select(e => e.Service.Key).ToHashSet();
        Assert.Contains(IpvsServiceKey.ForFirewallMark(8, AddressFamily.InterNetworkV6), dumped);
    }

    [Fact]
    public async Task NewDestinationAsync_EveryForwardingMethodAndTunnel_RoundTripsAndIpvsadmShowsIt()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var key = Tcp(80);
        await client.NewServiceAsync(new IpvsService { Key = key, Scheduler = "wrr" }, None);
        var dests = new[]
        {
            new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80, ForwardingMethod = IpvsForwardingMethod.DirectRoute, Weight = 5, UpperThreshold = 100, LowerThreshold = 10 },
            new IpvsDestination { Address = IPAddress.Parse("198.51.100.12"), Port = 8080, ForwardingMethod = IpvsForwardingMethod.Masquerade, Weight = 0 },
            new IpvsDestination { Address = IPAddress.Parse("198.51.100.13"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, Weight = 2 },
            new IpvsDestination { Address = IPAddress.Parse("198.51.100.14"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080, TunnelFlags = IpvsTunnelFlags.Checksum | IpvsTunnelFlags.RemoteChecksum },
            new IpvsDestination { Address = IPAddress.Parse("198.51.100.15"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gre, TunnelFlags = IpvsTunnelFlags.Checksum },
            new IpvsDestination { Address = IPAddress.Parse("2001:db8::16"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, Weight = 1 },
        };
        foreach (var d in dests) await client.NewDestinationAsync(key, d, None);

        var dumped = (await client.GetDestinationsAsync(key, None)).Select(e => e.Destination).ToList();
        Assert.Equal(dests.OrderBy(d => d.Endpoint), dumped.OrderBy(d => d.Endpoint));
        var listing = IpvsKernel.Ipvsadm("-Ln", "-t", "192.0.2.100:80");
        Assert.Matches(@"-> 198\.51\.100\.11:80\s+Route\s+5", listing);
        Assert.Matches(@"-> 198\.51\.100\.12:8080\s+Masq\s+0", listing);
        Assert.Matches(@"-> 198\.51\.100\.13:80\s+Tunnel\s+2", listing);
        Assert.Matches(@"-> \[2001:db8::16\]:80\s+Tunnel\s+1", listing);
        var thresholds = IpvsKernel.Ipvsadm("-Ln", "--thresholds", "-t", "192.0.2.100:80");
        Assert.Matches(@"-> 198\.51\.100\.11:80\s+100\s+10", thresholds);
        var tunnels = IpvsKernel.Ipvsadm("-Ln", "--tun-info", "-t", "192.0.2.100:80");
        Assert.Matches(@"198\.51\.100\.14:80.*gue.*6080", tunnels);
        Assert.Matches(@"198\.51\.100\.15:80.*gre", tunnels);
    }

    [Fact]
    public async Task SetServiceAndSetDestination_InPlace_IpvsadmShowsNewValues()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var key = Tcp(80);
        var dest = new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80, Weight = 1 };
        await client.NewServiceAsync(new IpvsService { Key = key, Scheduler = "rr" }, None);
        await client.NewDestinationAsync(key, dest, None);

        await client.SetServiceAsync(new IpvsService { Key = key, Scheduler = "wlc", Flags = IpvsServiceFlags.Persistent, TimeoutSeconds = 120 }, None);
        await client.SetDestinationAsync(key, dest with { Weight = 9, ForwardingMethod = IpvsForwardingMethod.Masquerade, UpperThreshold = 50 }, None);

        var save = IpvsKernel.SaveSorted();
        Assert.Contains("-A -t 192.0.2.100:80 -s wlc -p 120", save);
        Assert.Contains("-a -t 192.0.2.100:80 -r 198.51.100.11:80 -m -w 9", save);
        Assert.Matches(@"-> 198\.51\.100\.11:80\s+50\s+0", IpvsKernel.Ipvsadm("-Ln", "--thresholds"));
    }

    [Fact]
    public async Task DeleteDestinationAndService_Existing_RemovedFromIpvsadm()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var key = Tcp(80);
        var dest = new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80 };
        await client.NewServiceAsync(new IpvsService { Key = key, Scheduler = "rr" }, None);
        await client.NewDestinationAsync(key, dest, None);

        await client.DeleteDestinationAsync(key, dest, None);
        Assert.Empty(await client.GetDestinationsAsync(key, None));
        await client.DeleteServiceAsync(key, None);

        Assert.Empty(IpvsKernel.SaveSorted());
        Assert.Null(await client.GetServiceAsync(key, None));
    }

    [Fact]
    public async Task NewServiceAsync_Existing_ThrowsEexistNamingService()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        await client.NewServiceAsync(new IpvsService { Key = Tcp(80), Scheduler = "rr" }, None);

        var e = await Assert.ThrowsAsync<NetlinkException>(() => client.NewServiceAsync(new IpvsService { Key = Tcp(80), Scheduler = "rr" }, None));

        Assert.Equal(Errno.EEXIST, e.Errno);
        Assert.StartsWith("add service TCP 192.0.2.100:80: File exists (EEXIST)", e.Message);
    }

    [Fact]
    public async Task NewDestinationAsync_MissingService_ThrowsEsrchNamingDestAndService()
    {
        using var client = await IpvsKernel.OpenCleanAsync();

        var e = await Assert.ThrowsAsync<NetlinkException>(() =>
            client.NewDestinationAsync(Tcp(80), new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80 }, None));

        Assert.Equal(Errno.ESRCH, e.Errno);
        Assert.StartsWith("add dest 198.51.100.11:80 to TCP 192.0.2.100:80: No such process (ESRCH)", e.Message);
    }

    [Fact]
    public async Task SetServiceAsync_MissingService_ThrowsEsrch()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var e = await Assert.ThrowsAsync<NetlinkException>(() => client.SetServiceAsync(new IpvsService { Key = Tcp(80) }, None));
        Assert.Equal(Errno.ESRCH, e.Errno);
        Assert.StartsWith("edit service TCP 192.0.2.100:80", e.Message);
    }

    [Fact]
    public async Task DeleteDestinationAsync_MissingDest_ThrowsEnoent()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        await client.NewServiceAsync(new IpvsService { Key = Tcp(80), Scheduler = "rr" }, None);

        var e = await Assert.ThrowsAsync<NetlinkException>(() =>
            client.DeleteDestinationAsync(Tcp(80), new IpvsDestination { Address = IPAddress.Parse("198.51.100.99"), Port = 80 }, None));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.StartsWith("delete dest 198.51.100.99:80 from TCP 192.0.2.100:80: No such file or directory (ENOENT)", e.Message);
    }

    [Fact]
    public async Task NewServiceAsync_UnknownScheduler_ThrowsNamingService()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var e = await Assert.ThrowsAsync<NetlinkException>(() => client.NewServiceAsync(new IpvsService { Key = Tcp(80), Scheduler = "nosuch" }, None));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.StartsWith("add service TCP 192.0.2.100:80:", e.Message);
        Assert.Empty(IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task NewDaemonAsync_UnicastGroup_ThrowsEinval()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var e = await Assert.ThrowsAsync<NetlinkException>(() =>
            client.NewDaemonAsync(new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "lo", SyncId = 1, Group = IPAddress.Parse("192.0.2.1") }, None));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.StartsWith("start sync daemon master on lo syncid 1: Invalid argument (EINVAL)", e.Message);
    }

    [Fact]
    public async Task SetTimeoutsAsync_Values_IpvsadmShowsThemAndZeroLeavesUnchanged()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        await client.SetTimeoutsAsync(new IpvsTimeouts(1000, 60, 30), None);
        await client.SetTimeoutsAsync(new IpvsTimeouts(0, 0, 45), None);

        Assert.Equal(new IpvsTimeouts(1000, 60, 45), await client.GetTimeoutsAsync(None));
        Assert.Contains("Timeout (tcp tcpfin udp): 1000 60 45", IpvsKernel.Ipvsadm("-L", "--timeout"));
    }

    [Fact]
    public async Task NewDaemonAsync_MasterAndBackupWithGroupPortTtl_IpvsadmShowsThemAndDeleteStops()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        IpvsKernel.Run("ip", "link", "add", "lvsi-sync0", "type", "dummy");
        try
        {
            IpvsKernel.Run("ip", "link", "set", "lvsi-sync0", "multicast", "on", "up");
            var master = new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "lvsi-sync0", SyncId = 5, MaxLength = 1400, Group = IPAddress.Parse("239.0.0.81"), Port = 8849, Ttl = 3 };
            var backup = new IpvsSyncDaemon { State = IpvsSyncDaemonState.Backup, Interface = "lvsi-sync0", SyncId = 6, MaxLength = 1400, Group = IPAddress.Parse("239.0.0.81"), Port = 8849, Ttl = 3 };
            await client.NewDaemonAsync(master, None);
            await client.NewDaemonAsync(backup, None);

            var daemons = await client.GetDaemonsAsync(None);
            var listing = IpvsKernel.Ipvsadm("-L", "--daemon");
            Assert.Contains(master, daemons);
            Assert.Contains(backup, daemons);
            // The 4.3 attributes as the kernel holds them, not only as we decode them.
            Assert.Contains("master sync daemon (mcast=lvsi-sync0, syncid=5, maxlen=1400, group=239.0.0.81, port=8849, ttl=3)", listing);
            Assert.Contains("backup sync daemon (mcast=lvsi-sync0, syncid=6, maxlen=1400, group=239.0.0.81, port=8849, ttl=3)", listing);

            await client.DeleteDaemonAsync(IpvsSyncDaemonState.Master, None);
            await client.DeleteDaemonAsync(IpvsSyncDaemonState.Backup, None);
            Assert.Empty(await client.GetDaemonsAsync(None));
        }
        finally
        {
            IpvsKernel.Run("ip", "link", "del", "lvsi-sync0");
        }
    }

    [Fact]
    public async Task NewDaemonAsync_Ipv6Group_IpvsadmShowsTheGroupAndWeDecodeIt()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        IpvsKernel.Run("ip", "link", "add", "lvsi-sync6", "type", "dummy");
        try
        {
            IpvsKernel.Run("ip", "link", "set", "lvsi-sync6", "multicast", "on", "up");
            IpvsKernel.Run("ip", "-6", "addr", "add", "2001:db8:5::1/64", "dev", "lvsi-sync6", "nodad");
            var master = new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "lvsi-sync6", SyncId = 7, Group = IPAddress.Parse("ff05::81"), Port = 8850, Ttl = 2 };
            await client.NewDaemonAsync(master, None);

            var daemon = Assert.Single(await client.GetDaemonsAsync(None));
            Assert.Equal(IPAddress.Parse("ff05::81"), daemon.Group);
            Assert.Equal((ushort)8850, daemon.Port);
            Assert.Equal((byte)2, daemon.Ttl);
            Assert.Contains("master sync daemon (mcast=lvsi-sync6, syncid=7", IpvsKernel.Ipvsadm("-L", "--daemon"));
            Assert.Contains("group=ff05::81, port=8850, ttl=2)", IpvsKernel.Ipvsadm("-L", "--daemon"));

            await client.DeleteDaemonAsync(IpvsSyncDaemonState.Master, None);
            Assert.Empty(await client.GetDaemonsAsync(None));
        }
        finally
        {
            IpvsKernel.Run("ip", "link", "del", "lvsi-sync6");
        }
    }

    [Fact]
    public async Task ZeroAndFlush_Table_CountersZeroAndTableEmpty()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        await client.NewServiceAsync(new IpvsService { Key = Tcp(80), Scheduler = "rr" }, None);
        await client.NewServiceAsync(new IpvsService { Key = Tcp(81), Scheduler = "rr" }, None);

        await client.ZeroAsync(Tcp(80), None);
        await client.ZeroAsync(null, None);
        var stats = IpvsKernel.Ipvsadm("-Ln", "--stats");
        Assert.Matches(@"TCP\s+192\.0\.2\.100:80\s+0\s+0\s+0\s+0\s+0", stats);
        Assert.All(await client.GetServicesAsync(None), e => Assert.Equal(IpvsStats.Empty, e.Stats));

        await client.FlushAsync(None);
        Assert.Empty(IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task ApplyChangesAsync_BatchWithFailures_AppliesTheRestAndNamesEachFailure()
    {
        using var client = await IpvsKernel.OpenCleanAsync();
        var key = Tcp(80);
        var changes = new[]
        {
            LvsDirector.Ipvs.Reconcile.IpvsChange.AddService(new IpvsService { Key = key, Scheduler = "rr" }),
            LvsDirector.Ipvs.Reconcile.IpvsChange.AddService(new IpvsService { Key = Tcp(81), Scheduler = "nosuch" }),
            LvsDirector.Ipvs.Reconcile.IpvsChange.AddDestination(key, new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80 }),
            LvsDirector.Ipvs.Reconcile.IpvsChange.AddDestination(Tcp(81), new IpvsDestination { Address = IPAddress.Parse("198.51.100.12"), Port = 80 }),
            LvsDirector.Ipvs.Reconcile.IpvsChange.AddDestination(key, new IpvsDestination { Address = IPAddress.Parse("198.51.100.13"), Port = 80 }),
        };

        var failures = await client.ApplyChangesAsync(changes, None);

        Assert.Equal(new[] { changes[1], changes[3] }, failures.Select(f => f.Change));
        Assert.Equal("ESRCH", failures[1].ErrorName);
        Assert.StartsWith("add dest 198.51.100.12:80 to TCP 192.0.2.100:81: No such process (ESRCH)", failures[1].Message);
        Assert.Equal(3, IpvsKernel.SaveSorted().Count);
    }
}
