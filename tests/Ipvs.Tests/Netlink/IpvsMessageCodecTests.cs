using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Netlink;

namespace LvsDirector.Ipvs.Tests.Netlink;

public class IpvsMessageCodecTests
{
    private const ushort Family = 0x1c;
    private static readonly IpvsServiceKey Web = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80);

    // Hex groups are single-spaced; two or more spaces start a comment.
    private static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Split('\n').Select(line =>
    {
        var text = line.Trim();
        var comment = text.IndexOf("  ", StringComparison.Ordinal);
        return (comment >= 0 ? text[..comment] : text).Replace(" ", "");
    })));

    private static byte[] Encode(Action<NetlinkAttributeWriter> write)
    {
        var w = new NetlinkAttributeWriter();
        write(w);
        return w.ToArray();
    }

    private static byte[] Payload(byte[] message) => message[NetlinkMessageHeader.Size..];

    [Fact]
    public void WriteServiceRequest_NewTcpService_MatchesGoldenBytes()
    {
        var bytes = Encode(w => IpvsMessageCodec.WriteServiceRequest(w, Family, IpvsCommand.NewService, new IpvsService { Key = Web, Scheduler = "rr" }));

        var expected = Hex("""
            68000000 1c00 0100 00000000 00000000   nlmsghdr: len 104, IPVS family, REQUEST
            01010000                               genlmsghdr: NEW_SERVICE, version 1
            54000180                               IPVS_CMD_ATTR_SERVICE, nested, 84 bytes
              06000100 0200 0000                   AF = AF_INET
              06000200 0600 0000                   PROTOCOL = TCP
              14000300 c0000264 00000000 00000000 00000000   ADDR 192.0.2.100, 16 bytes
              06000400 0050 0000                   PORT 80, big-endian
              07000600 727200 00                   SCHED_NAME "rr"
              0c000700 00000000 ffffffff           FLAGS {0, mask ~0}
              08000800 00000000                    TIMEOUT 0
              08000900 ffffffff                    NETMASK 255.255.255.255, big-endian
            """);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void WriteDestinationRequest_NewDrDest_MatchesGoldenBytes()
    {
        var dest = new IpvsDestination { Address = IPAddress.Parse("198.51.100.11"), Port = 80, Weight = 5 };
        var bytes = Encode(w => IpvsMessageCodec.WriteDestinationRequest(w, Family, IpvsCommand.NewDestination, Web, dest));

        var expected = Hex("""
            8c000000 1c00 0100 00000000 00000000
            05010000                               NEW_DEST
            30000180                               SERVICE (identity only)
              06000100 0200 0000
              06000200 0600 0000
              14000300 c0000264 00000000 00000000 00000000
              06000400 0050 0000
            48000280                               IPVS_CMD_ATTR_DEST, nested, 72 bytes
              14000100 c633640b 00000000 00000000 00000000   ADDR 198.51.100.11
              06000200 0050 0000                   PORT 80
              06000b00 0200 0000                   ADDR_FAMILY AF_INET
              08000300 03000000                    FWD_METHOD DROUTE
              08000400 05000000                    WEIGHT 5
              08000500 00000000                    U_THRESH
              08000600 00000000                    L_THRESH
            """);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void WriteServiceRequest_FwmarkIpv6Persistent_UsesNativePrefixLengthAndFwmark()
    {
        var service = new IpvsService
        {
            Key = IpvsServiceKey.ForFirewallMark(7, AddressFamily.InterNetworkV6),
            Scheduler = "sh",
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.ShFallback | IpvsServiceFlags.ShPort,
            TimeoutSeconds = 300,
            Netmask = 64,
            PersistenceEngine = "sip",
        };
        var bytes = Encode(w => IpvsMessageCodec.WriteServiceRequest(w, Family, IpvsCommand.SetService, service));

        var expected = Hex("""
            54000000 1c00 0100 00000000 00000000
            02010000                               SET_SERVICE
            40000180
              06000100 0a00 0000                   AF = AF_INET6
              08000500 07000000                    FWMARK 7
              07000600 736800 00                   "sh"
              08000b00 73697000                    PE_NAME "sip"
              0c000700 19000000 ffffffff           FLAGS persistent|sched1|sched2
              08000800 2c010000                    TIMEOUT 300
              08000900 40000000                    NETMASK prefix 64, native
            """);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void WriteDestinationRequest_GueTunnel_SendsTunnelAttributes()
    {
        var dest = new IpvsDestination
        {
            Address = IPAddress.Parse("2001:db8::11"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel,
            Weight = 1, TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080, TunnelFlags = IpvsTunnelFlags.Checksum | IpvsTunnelFlags.RemoteChecksum,
        };
        var bytes = Encode(w => IpvsMessageCodec.WriteDestinationRequest(w, Family, IpvsCommand.SetDestination, Web, dest));

        var tail = Hex("""
            05000d00 01 000000                     TUN_TYPE GUE
            06000e00 17c0 0000                     TUN_PORT 6080, big-endian
            06000f00 0300 0000                     TUN_FLAGS csum|remcsum
            """);
        Assert.Equal(tail, bytes[^tail.Length..]);
        Assert.True(IpvsMessageCodec.TryDecodeDestination(Payload(bytes), AddressFamily.InterNetwork, out var entry));
        Assert.Equal(dest, entry!.Destination);
    }

    [Fact]
    public void TryDecodeService_KernelReply_ReadsFieldsDropsHashedPrefersStats64IgnoresUnknown()
    {
        // As ip_vs_genl_fill_service sends it: 16-byte ADDR, flags with HASHED, STATS and STATS64, plus an attribute from the future.
        var reply = Hex("""
            01010000
            a4000100
              06000100 0200 0000
              06000200 1100 0000                   UDP
              14000300 c0000201 00000000 00000000 00000000
              06000400 0035 0000                   port 53
              08000600 776c6300                    "wlc"
              0c000700 03000000 ffffffff           persistent|HASHED
              08000800 b4000000                    timeout 180
              08000900 ffffff00                    /24
              18000a00                             STATS (u32 conns, u64 inbytes)
                08000100 05000000
                0c000400 00010000 00000000
              30000c00                             STATS64
                0c000100 07000000 00000000
                0c000400 00020000 00000000
                08000b00 00000000                  PAD
                0c000200 09000000 00000000
              08006300 01020304                    attribute 99: unknown
            """);
        // Fix the nest length to the real size of what follows the genl header.
        var nestLength = reply.Length - 4;
        reply[4] = (byte)nestLength;
        reply[5] = (byte)(nestLength >> 8);

        Assert.True(IpvsMessageCodec.TryDecodeService(reply, out var entry));

        Assert.Equal(IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("192.0.2.1"), 53), entry!.Service.Key);
        Assert.Equal("wlc", entry.Service.Scheduler);
        Assert.Equal(IpvsServiceFlags.Persistent, entry.Service.Flags);
        Assert.Equal(180u, entry.Service.TimeoutSeconds);
        Assert.Equal(0xFFFFFF00u, entry.Service.Netmask);
        Assert.Equal(7ul, entry.Stats.Connections);
        Assert.Equal(9ul, entry.Stats.InPackets);
        Assert.Equal(0x200ul, entry.Stats.InBytes);
    }

    [Fact]
    public void TryDecodeDestination_NoAddressFamilyAttribute_UsesServiceFamily()
    {
        var reply = Hex("""
            01010000
            38000200
              14000100 20010db8 00000000 00000000 00000011
              06000200 1f90 0000                   port 8080
              08000300 00000000                    MASQ
              08000400 ffffffff                    weight -1 (kernel int)
              08000700 02000000                    2 active
            """);

        Assert.True(IpvsMessageCodec.TryDecodeDestination(reply, AddressFamily.InterNetworkV6, out var entry));

        Assert.Equal(IPAddress.Parse("2001:db8::11"), entry!.Destination.Address);
        Assert.Equal(8080, entry.Destination.Port);
        Assert.Equal(IpvsForwardingMethod.Masquerade, entry.Destination.ForwardingMethod);
        Assert.Equal(-1, entry.Destination.Weight);
        Assert.Equal(2u, entry.ActiveConnections);
    }

    [Fact]
    public void TryDecodeDestinationSettings_KernelReplyWithStats_SameDestinationAsTheFullDecode()
    {
        // As ip_vs_genl_fill_dest sends it: the settings, the connection counters, STATS and STATS64.
        var reply = Hex("""
            01010000
            7c000200
              14000100 c6336401 00000000 00000000 00000000
              06000200 0050 0000                   port 80
              08000300 03000000                    DR
              08000400 05000000                    weight 5
              08000500 64000000                    upper 100
              08000600 0a000000                    lower 10
              08000700 02000000                    2 active
              08000800 03000000                    3 inactive
              08000900 04000000                    4 persistent
              06000b00 0200 0000                   AF_INET
              0c000a00                             STATS
                08000100 05000000
              1c000c00                             STATS64
                0c000100 07000000 00000000
                0c000400 00020000 00000000
            """);
        var nestLength = reply.Length - 4;
        reply[4] = (byte)nestLength;
        reply[5] = (byte)(nestLength >> 8);

        Assert.True(IpvsMessageCodec.TryDecodeDestination(reply, AddressFamily.InterNetwork, out var entry));
        Assert.True(IpvsMessageCodec.TryDecodeDestinationSettings(reply, AddressFamily.InterNetwork, out var settings));

        Assert.Equal(entry!.Destination, settings);
        Assert.Equal(new IpvsDestination
        {
            Address = IPAddress.Parse("198.51.100.1"), Port = 80, ForwardingMethod = IpvsForwardingMethod.DirectRoute,
            Weight = 5, UpperThreshold = 100, LowerThreshold = 10,
        }, settings);
        Assert.Equal(7ul, entry.Stats.Connections);
        Assert.Equal(4u, entry.PersistentConnections);
    }

    [Fact]
    public void TryDecodeDestinationSettings_AnyBytes_AgreesWithTheFullDecode()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= Array.Empty<byte>();
            var full = IpvsMessageCodec.TryDecodeDestination(bytes, AddressFamily.InterNetwork, out var entry);
            var settings = IpvsMessageCodec.TryDecodeDestinationSettings(bytes, AddressFamily.InterNetwork, out var destination);
            return full == settings && (!full || entry!.Destination == destination);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryDecodeService_MissingAddressFamily_ReturnsFalse()
    {
        var reply = Hex("01010000 0c000100 08000500 07000000");
        Assert.False(IpvsMessageCodec.TryDecodeService(reply, out _));
    }

    [Fact]
    public void WriteNewDaemonRequest_AllAttributes_RoundTrips()
    {
        var daemon = new IpvsSyncDaemon
        {
            State = IpvsSyncDaemonState.Backup, Interface = "eth1", SyncId = 9, MaxLength = 1400,
            Group = IPAddress.Parse("239.1.2.3"), Port = 8848, Ttl = 2,
        };
        var bytes = Encode(w => IpvsMessageCodec.WriteNewDaemonRequest(w, Family, daemon));

        Assert.Equal((byte)IpvsCommand.NewDaemon, bytes[16]);
        Assert.True(IpvsMessageCodec.TryDecodeDaemon(Payload(bytes), out var decoded));
        Assert.Equal(daemon, decoded);
        // MCAST_GROUP is an in_addr: network byte order.
        Assert.True(bytes.AsSpan().IndexOf(Hex("08000500 ef010203")) > 0);
    }

    [Fact]
    public void TryDecodeTimeouts_SetConfigReply_ReadsAll()
    {
        var bytes = Encode(w => IpvsMessageCodec.WriteSetConfigRequest(w, Family, new IpvsTimeouts(900, 120, 300)));
        Assert.Equal(Hex("0c010000 08000400 84030000 08000500 78000000 08000600 2c010000"), Payload(bytes));
        Assert.True(IpvsMessageCodec.TryDecodeTimeouts(Payload(bytes), out var timeouts));
        Assert.Equal(new IpvsTimeouts(900, 120, 300), timeouts);
    }

    [Fact]
    public void TryDecodeInfo_Reply_ReadsVersion()
    {
        Assert.True(IpvsMessageCodec.TryDecodeInfo(Hex("0e010000 08000100 01020100 08000200 00100000"), out var info));
        Assert.Equal("1.2.1", info!.Version);
        Assert.Equal(4096u, info.ConnectionTableSize);
    }

    [Fact]
    public void ServiceRoundTrip_ArbitraryServices_DecodeEqualsEncode()
    {
        var schedulers = IpvsSchedulers.All.ToArray();
        Prop.ForAll<(uint, ushort, byte, bool, uint)>(input =>
        {
            var (seed, port, pick, v6, mark) = input;
            var rnd = new Random((int)seed);
            var family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            var addressBytes = new byte[v6 ? 16 : 4];
            rnd.NextBytes(addressBytes);
            var key = mark % 3 == 0 && mark != 0
                ? IpvsServiceKey.ForFirewallMark(mark, family)
                : IpvsServiceKey.ForAddress(new[] { IpvsProtocol.Tcp, IpvsProtocol.Udp, IpvsProtocol.Sctp }[pick % 3], new IPAddress(addressBytes), port);
            var service = new IpvsService
            {
                Key = key,
                Scheduler = schedulers[pick % schedulers.Length],
                Flags = (IpvsServiceFlags)(seed & (uint)IpvsServiceFlags.UserSettable),
                TimeoutSeconds = seed >> 8,
                Netmask = v6 ? (uint)(pick % 128 + 1) : seed | 1,
                PersistenceEngine = pick % 5 == 0 ? "sip" : null,
            };
            var bytes = Encode(w => IpvsMessageCodec.WriteServiceRequest(w, Family, IpvsCommand.NewService, service));
            return IpvsMessageCodec.TryDecodeService(Payload(bytes), out var entry) && entry!.Service == service;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DestinationRoundTrip_ArbitraryDestinations_DecodeEqualsEncode()
    {
        Prop.ForAll<(uint, ushort, int, bool, byte)>(input =>
        {
            var (seed, port, weight, v6, pick) = input;
            var rnd = new Random((int)seed);
            var addressBytes = new byte[v6 ? 16 : 4];
            rnd.NextBytes(addressBytes);
            var method = (IpvsForwardingMethod)(pick % 5);
            var tunnelType = method == IpvsForwardingMethod.Tunnel ? (IpvsTunnelType)(pick % 3) : IpvsTunnelType.IpIp;
            var dest = new IpvsDestination
            {
                Address = new IPAddress(addressBytes),
                Port = port,
                ForwardingMethod = method,
                Weight = weight,
                UpperThreshold = seed,
                LowerThreshold = seed >> 3,
                TunnelType = tunnelType,
                TunnelPort = tunnelType == IpvsTunnelType.Gue ? port : (ushort)0,
                TunnelFlags = tunnelType != IpvsTunnelType.IpIp ? (IpvsTunnelFlags)(pick % 4) : IpvsTunnelFlags.None,
            };
            var bytes = Encode(w => IpvsMessageCodec.WriteDestinationRequest(w, Family, IpvsCommand.NewDestination, Web, dest));
            return IpvsMessageCodec.TryDecodeDestination(Payload(bytes), AddressFamily.InterNetwork, out var entry) && entry!.Destination == dest;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoders_ArbitraryBytes_NeverThrow()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= Array.Empty<byte>();
            IpvsMessageCodec.TryDecodeService(bytes, out _);
            IpvsMessageCodec.TryDecodeDestination(bytes, AddressFamily.InterNetwork, out _);
            IpvsMessageCodec.TryDecodeDaemon(bytes, out _);
            IpvsMessageCodec.TryDecodeTimeouts(bytes, out _);
            IpvsMessageCodec.TryDecodeInfo(bytes, out _);
            IpvsMessageCodec.DecodeStats(bytes);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoders_TruncatedOrCorruptedValidMessages_NeverThrow()
    {
        var dest = new IpvsDestination { Address = IPAddress.Parse("2001:db8::11"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gre };
        var samples = new[]
        {
            Payload(Encode(w => IpvsMessageCodec.WriteServiceRequest(w, Family, IpvsCommand.NewService, new IpvsService { Key = Web, PersistenceEngine = "sip" }))),
            Payload(Encode(w => IpvsMessageCodec.WriteDestinationRequest(w, Family, IpvsCommand.NewDestination, Web, dest))),
            Payload(Encode(w => IpvsMessageCodec.WriteNewDaemonRequest(w, Family, new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "eth0", Group = IPAddress.Parse("ff02::1") }))),
        };
        foreach (var sample in samples)
        {
            for (int length = 0; length <= sample.Length; length++)
            {
                var truncated = sample[..length];
                IpvsMessageCodec.TryDecodeService(truncated, out _);
                IpvsMessageCodec.TryDecodeDestination(truncated, AddressFamily.InterNetwork, out _);
                IpvsMessageCodec.TryDecodeDestinationSettings(truncated, AddressFamily.InterNetwork, out _);
                IpvsMessageCodec.TryDecodeDaemon(truncated, out _);
            }
        }
        Prop.ForAll<int, byte, byte>((position, value, which) =>
        {
            var sample = (byte[])samples[which % samples.Length].Clone();
            sample[(int)((uint)position % (uint)sample.Length)] = value;
            IpvsMessageCodec.TryDecodeService(sample, out _);
            IpvsMessageCodec.TryDecodeDestination(sample, AddressFamily.InterNetworkV6, out _);
            IpvsMessageCodec.TryDecodeDaemon(sample, out _);
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
