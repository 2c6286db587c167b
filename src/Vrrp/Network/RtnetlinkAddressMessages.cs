using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Pure builders and parsers of rtnetlink address messages (include/uapi/linux/if_addr.h,
/// rtnetlink.h): RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR dumps.
/// </summary>
internal static class RtnetlinkAddressMessages
{
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;

    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_FLAGS = 8;

    public const byte IFA_F_SECONDARY = 0x01;
    public const byte IFA_F_NODAD = 0x02;

    /// <summary>struct ifaddrmsg: family, prefixlen, flags, scope, index.</summary>
    public const int IfaddrmsgSize = 8;

    private const byte AF_INET = 2;
    private const byte AF_INET6 = 10;

    /// <summary>RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL (keepalived also refuses to take over an existing address silently; EEXIST is reported to the caller).</summary>
    public static void WriteAdd(NetlinkAttributeWriter writer, VirtualAddressOptions address, int interfaceIndex) =>
        Write(writer, RTM_NEWADDR, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, address, interfaceIndex);

    public static void WriteDelete(NetlinkAttributeWriter writer, VirtualAddressOptions address, int interfaceIndex) =>
        Write(writer, RTM_DELADDR, NetlinkMessageFlags.None, address, interfaceIndex);

    /// <summary>RTM_GETADDR dump of one family.</summary>
    public static void WriteDump(NetlinkAttributeWriter writer, AddressFamily family)
    {
        writer.BeginMessage(RTM_GETADDR, NetlinkMessageFlags.Dump);
        Span<byte> header = stackalloc byte[IfaddrmsgSize];
        header.Clear();
        header[0] = family == AddressFamily.InterNetworkV6 ? AF_INET6 : AF_INET;
        writer.WriteFamilyHeader(header);
        writer.EndMessage();
    }

    /// <summary>Reads one RTM_NEWADDR payload of a dump: interface index, address, prefix, flags, scope.</summary>
    public static bool TryReadAddress(ReadOnlySpan<byte> payload, out int interfaceIndex, out IPAddress? address, out byte prefixLength, out uint flags, out byte scope)
    {
        interfaceIndex = 0;
        address = null;
        prefixLength = 0;
        flags = 0;
        scope = 0;
        if (payload.Length < IfaddrmsgSize) return false;
        var family = payload[0];
        prefixLength = payload[1];
        flags = payload[2];
        scope = payload[3];
        interfaceIndex = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        var length = family == AF_INET6 ? 16 : family == AF_INET ? 4 : 0;
        if (length == 0) return false;
        IPAddress? local = null, peer = null;
        foreach (var attribute in new NetlinkAttributeReader(payload[IfaddrmsgSize..]))
        {
            switch (attribute.Type)
            {
                case IFA_LOCAL when attribute.Payload.Length == length:
                    local = new IPAddress(attribute.Payload);
                    break;
                case IFA_ADDRESS when attribute.Payload.Length == length:
                    peer = new IPAddress(attribute.Payload);
                    break;
                case IFA_FLAGS when attribute.TryGetUInt32(out var extended):
                    flags = extended;
                    break;
            }
        }
        // IPv4 puts the local address in IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links).
        address = local ?? peer;
        return address is not null;
    }

    private static void Write(NetlinkAttributeWriter writer, ushort type, NetlinkMessageFlags flags, VirtualAddressOptions address, int interfaceIndex)
    {
        var v6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
        writer.BeginMessage(type, flags);
        Span<byte> header = stackalloc byte[IfaddrmsgSize];
        header[0] = v6 ? AF_INET6 : AF_INET;
        header[1] = (byte)address.EffectivePrefixLength;
        // No DAD for IPv6 VIPs: the address must be usable at once after a failover (keepalived does the same).
        header[2] = v6 && type == RTM_NEWADDR ? IFA_F_NODAD : (byte)0;
        header[3] = (byte)(address.Scope ?? VirtualAddressScope.Global);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], interfaceIndex);
        writer.WriteFamilyHeader(header);

        Span<byte> bytes = stackalloc byte[16];
        address.Address.TryWriteBytes(bytes, out var length);
        writer.WriteBytes(IFA_LOCAL, bytes[..length]);
        writer.WriteBytes(IFA_ADDRESS, bytes[..length]);
        if (!v6 && type == RTM_NEWADDR)
        {
            if (address.Broadcast is { } broadcast)
            {
                Span<byte> b = stackalloc byte[4];
                broadcast.TryWriteBytes(b, out _);
                writer.WriteBytes(IFA_BROADCAST, b);
            }
            if (address.Label is { } label)
                writer.WriteString(IFA_LABEL, label);
        }
        writer.EndMessage();
    }
}
