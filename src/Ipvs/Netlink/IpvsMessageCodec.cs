using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Netlink;

/// <summary>
/// Pure encoder and decoder of IPVS generic-netlink messages (net/netfilter/ipvs/ip_vs_ctl.c:
/// ip_vs_genl_parse_service/_dest/_daemon on the way in, ip_vs_genl_fill_* on the way out).
/// Encoders append one complete message each to a <see cref="NetlinkAttributeWriter"/> (sequence and
/// NLM_F_ACK are set by <see cref="NetlinkConnection"/>). Decoders take a message payload (genlmsghdr +
/// attributes), ignore attributes they do not know, and never throw: malformed input returns false.
/// Byte order: PORT, TUN_PORT and the IPv4 NETMASK are big-endian; everything else is native.
/// </summary>
internal static partial class IpvsMessageCodec
{
    /// <summary>sizeof(union nf_inet_addr): the kernel sends 16 bytes, IPv4 in the first 4; so do we.</summary>
    public const int AddressAttributeLength = 16;

    /// <summary>sizeof(struct ip_vs_flags): u32 flags, u32 mask.</summary>
    public const int FlagsAttributeLength = 8;

    public const ushort AfInet = 2;
    public const ushort AfInet6 = 10;

    /// <summary>Starts an IPVS request: nlmsghdr (type = the resolved family id) + genlmsghdr {cmd, version 1}.</summary>
    public static void BeginRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsCommand command) =>
        writer.BeginGenericMessage(familyId, (byte)command, IpvsAttribute.FamilyVersion);

    /// <summary>NEW_SERVICE or SET_SERVICE: the full service (identity, scheduler, flags, timeout, netmask, PE).</summary>
    public static void WriteServiceRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsCommand command, IpvsService service)
    {
        BeginRequest(writer, familyId, command);
        WriteService(writer, service.WithDefaults());
        writer.EndMessage();
    }

    /// <summary>DEL_SERVICE, GET_SERVICE (doit) or ZERO of one service: the identity only.</summary>
    public static void WriteServiceKeyRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsCommand command, IpvsServiceKey key)
    {
        BeginRequest(writer, familyId, command);
        WriteServiceKey(writer, key);
        writer.EndMessage();
    }

    /// <summary>NEW_DEST or SET_DEST: the service identity and the full destination.</summary>
    public static void WriteDestinationRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsCommand command, IpvsServiceKey service, IpvsDestination destination)
    {
        BeginRequest(writer, familyId, command);
        WriteServiceKey(writer, service);
        WriteDestination(writer, destination, full: true);
        writer.EndMessage();
    }

    /// <summary>DEL_DEST: the service identity and the destination identity (address, port, family).</summary>
    public static void WriteDeleteDestinationRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsServiceKey service, IpvsDestination destination)
    {
        BeginRequest(writer, familyId, IpvsCommand.DeleteDestination);
        WriteServiceKey(writer, service);
        WriteDestination(writer, destination, full: false);
        writer.EndMessage();
    }

    /// <summary>A request with no attributes: GET_SERVICE/GET_DAEMON dumps, GET_CONFIG, GET_INFO, ZERO (all), FLUSH.</summary>
    public static void WriteEmptyRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsCommand command)
    {
        BeginRequest(writer, familyId, command);
        writer.EndMessage();
    }

    /// <summary>NEW_DAEMON: state, interface, sync id and the 4.3 attributes that are set.</summary>
    public static void WriteNewDaemonRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsSyncDaemon daemon)
    {
        BeginRequest(writer, familyId, IpvsCommand.NewDaemon);
        var nest = writer.BeginNested(IpvsAttribute.Command.Daemon);
        writer.WriteUInt32(IpvsAttribute.Daemon.State, (uint)daemon.State);
        writer.WriteString(IpvsAttribute.Daemon.Interface, daemon.Interface);
        writer.WriteUInt32(IpvsAttribute.Daemon.SyncId, daemon.SyncId);
        if (daemon.MaxLength is { } maxLength) writer.WriteUInt16(IpvsAttribute.Daemon.SyncMaxLength, maxLength);
        if (daemon.Group is { } group)
        {
            if (group.AddressFamily == AddressFamily.InterNetworkV6) writer.WriteBytes(IpvsAttribute.Daemon.McastGroup6, group.GetAddressBytes());
            else writer.WriteBytes(IpvsAttribute.Daemon.McastGroup, group.GetAddressBytes());
        }
        if (daemon.Port is { } port) writer.WriteUInt16(IpvsAttribute.Daemon.McastPort, port);
        if (daemon.Ttl is { } ttl) writer.WriteUInt8(IpvsAttribute.Daemon.McastTtl, ttl);
        writer.EndNested(nest);
        writer.EndMessage();
    }

    /// <summary>DEL_DAEMON: the state (master or backup) to stop.</summary>
    public static void WriteDeleteDaemonRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsSyncDaemonState state)
    {
        BeginRequest(writer, familyId, IpvsCommand.DeleteDaemon);
        var nest = writer.BeginNested(IpvsAttribute.Command.Daemon);
        writer.WriteUInt32(IpvsAttribute.Daemon.State, (uint)state);
        writer.EndNested(nest);
        writer.EndMessage();
    }

    /// <summary>SET_CONFIG: the three timeouts (0 leaves one unchanged).</summary>
    public static void WriteSetConfigRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsTimeouts timeouts)
    {
        BeginRequest(writer, familyId, IpvsCommand.SetConfig);
        writer.WriteUInt32(IpvsAttribute.Command.TimeoutTcp, timeouts.TcpSeconds);
        writer.WriteUInt32(IpvsAttribute.Command.TimeoutTcpFin, timeouts.TcpFinSeconds);
        writer.WriteUInt32(IpvsAttribute.Command.TimeoutUdp, timeouts.UdpSeconds);
        writer.EndMessage();
    }

    /// <summary>GET_DEST dump: the service identity.</summary>
    public static void WriteGetDestinationsRequest(NetlinkAttributeWriter writer, ushort familyId, IpvsServiceKey service) =>
        WriteServiceKeyRequest(writer, familyId, IpvsCommand.GetDestination, service);

    private static void WriteService(NetlinkAttributeWriter writer, IpvsService service)
    {
        var nest = writer.BeginNested(IpvsAttribute.Command.Service);
        WriteServiceIdentity(writer, service.Key);
        writer.WriteString(IpvsAttribute.Service.SchedulerName, service.Scheduler);
        if (!string.IsNullOrEmpty(service.PersistenceEngine)) writer.WriteString(IpvsAttribute.Service.PersistenceEngine, service.PersistenceEngine);
        Span<byte> flags = stackalloc byte[FlagsAttributeLength];
        NetlinkByteOrder.WriteUInt32(flags, (uint)(service.Flags & IpvsServiceFlags.UserSettable));
        NetlinkByteOrder.WriteUInt32(flags[4..], uint.MaxValue); // mask: every bit is ours to set
        writer.WriteBytes(IpvsAttribute.Service.Flags, flags);
        writer.WriteUInt32(IpvsAttribute.Service.Timeout, service.TimeoutSeconds);
        if (service.Key.Family == AddressFamily.InterNetworkV6) writer.WriteUInt32(IpvsAttribute.Service.Netmask, service.Netmask);
        else writer.WriteBigEndianUInt32(IpvsAttribute.Service.Netmask, service.Netmask);
        writer.EndNested(nest);
    }

    private static void WriteServiceKey(NetlinkAttributeWriter writer, IpvsServiceKey key)
    {
        var nest = writer.BeginNested(IpvsAttribute.Command.Service);
        WriteServiceIdentity(writer, key);
        writer.EndNested(nest);
    }

    private static void WriteServiceIdentity(NetlinkAttributeWriter writer, IpvsServiceKey key)
    {
        writer.WriteUInt16(IpvsAttribute.Service.AddressFamily, ToWire(key.Family));
        if (key.IsFirewallMark)
        {
            writer.WriteUInt32(IpvsAttribute.Service.FirewallMark, key.FirewallMark);
            return;
        }
        writer.WriteUInt16(IpvsAttribute.Service.Protocol, (ushort)key.Protocol);
        WriteAddress(writer, IpvsAttribute.Service.Address, key.Address!);
        writer.WriteBigEndianUInt16(IpvsAttribute.Service.Port, key.Port);
    }

    private static void WriteDestination(NetlinkAttributeWriter writer, IpvsDestination destination, bool full)
    {
        var nest = writer.BeginNested(IpvsAttribute.Command.Destination);
        WriteAddress(writer, IpvsAttribute.Destination.Address, destination.Address);
        writer.WriteBigEndianUInt16(IpvsAttribute.Destination.Port, destination.Port);
        writer.WriteUInt16(IpvsAttribute.Destination.AddressFamily, ToWire(destination.Family));
        if (full)
        {
            writer.WriteUInt32(IpvsAttribute.Destination.ForwardingMethod, (uint)destination.ForwardingMethod & 0x7);
            writer.WriteInt32(IpvsAttribute.Destination.Weight, destination.Weight);
            writer.WriteUInt32(IpvsAttribute.Destination.UpperThreshold, destination.UpperThreshold);
            writer.WriteUInt32(IpvsAttribute.Destination.LowerThreshold, destination.LowerThreshold);
            // As keepalived and ipvsadm: tunnel attributes only for tunnels, the port only for GUE, flags only if not IPIP.
            if (destination.ForwardingMethod == IpvsForwardingMethod.Tunnel)
            {
                writer.WriteUInt8(IpvsAttribute.Destination.TunnelType, (byte)destination.TunnelType);
                if (destination.TunnelType == IpvsTunnelType.Gue) writer.WriteBigEndianUInt16(IpvsAttribute.Destination.TunnelPort, destination.TunnelPort);
                if (destination.TunnelType != IpvsTunnelType.IpIp) writer.WriteUInt16(IpvsAttribute.Destination.TunnelFlags, (ushort)destination.TunnelFlags);
            }
        }
        writer.EndNested(nest);
    }

    private static void WriteAddress(NetlinkAttributeWriter writer, ushort type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[AddressAttributeLength];
        bytes.Clear();
        address.TryWriteBytes(bytes, out _);
        writer.WriteBytes(type, bytes);
    }

    public static ushort ToWire(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet;

    /// <summary>AF_INET/AF_INET6 to AddressFamily; false for anything else.</summary>
    public static bool TryFromWire(ushort family, out AddressFamily result)
    {
        result = family switch { AfInet => AddressFamily.InterNetwork, AfInet6 => AddressFamily.InterNetworkV6, _ => AddressFamily.Unknown };
        return result != AddressFamily.Unknown;
    }

    /// <summary>Reads an nf_inet_addr of <paramref name="family"/>: IPv4 from the first 4 bytes, IPv6 from 16.</summary>
    public static bool TryReadAddress(ReadOnlySpan<byte> payload, AddressFamily family, out IPAddress? address)
    {
        address = null;
        int length = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        if (payload.Length < length) return false;
        address = new IPAddress(payload[..length]);
        return true;
    }

    internal static ushort ReadBigEndianPort(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadUInt16BigEndian(payload);
}
