using System.Buffers.Binary;
using System.Text;
using LvsDirector.Common.Netlink;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Pure builders of the rtnetlink link requests VMAC needs (include/uapi/linux/rtnetlink.h, if_link.h:
/// struct ifinfomsg, IFLA_*, IFLA_MACVLAN_*): create a macvlan, set a link up, delete a link.
/// </summary>
internal static class RtnetlinkLinkMessages
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;

    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;
    public const ushort IFLA_MACVLAN_MODE = 1;
    public const ushort IFLA_VRF_TABLE = 1;
    public const ushort IFLA_AF_SPEC = 26;
    public const ushort IFLA_INET6_ADDR_GEN_MODE = 8;

    /// <summary>IN6_ADDR_GEN_MODE_NONE: the kernel generates no link-local address.</summary>
    public const byte IN6_ADDR_GEN_MODE_NONE = 1;

    private const ushort AF_INET6 = 10;
    public const ushort RTM_GETLINK = 18;

    /// <summary>MACVLAN_MODE_PRIVATE: macvlans on one parent do not see each other (keepalived's default).</summary>
    public const uint MACVLAN_MODE_PRIVATE = 1;

    /// <summary>MACVLAN_MODE_BRIDGE.</summary>
    public const uint MACVLAN_MODE_BRIDGE = 4;

    public const uint IFF_UP = 0x1;

    /// <summary>struct ifinfomsg: family, pad, type (u16), index (s32), flags (u32), change (u32).</summary>
    public const int IfinfomsgSize = 16;

    /// <summary>IFNAMSIZ - 1.</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>RTM_NEWLINK creating a macvlan <paramref name="name"/> on <paramref name="parentIndex"/> with <paramref name="mac"/> (NLM_F_CREATE|NLM_F_EXCL).</summary>
    public static void WriteCreateMacvlan(NetlinkAttributeWriter writer, string name, int parentIndex, ReadOnlySpan<byte> mac, uint mode)
    {
        writer.BeginMessage(RTM_NEWLINK, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive);
        Span<byte> header = stackalloc byte[IfinfomsgSize];
        header.Clear();
        writer.WriteFamilyHeader(header);
        writer.WriteBytes(IFLA_ADDRESS, mac);
        writer.WriteInt32(IFLA_LINK, parentIndex);
        writer.WriteString(IFLA_IFNAME, name);
        var info = writer.BeginNested(IFLA_LINKINFO, setNestedFlag: false);
        // The kind is an NLA_STRING: ip(8) sends it without a NUL.
        writer.WriteBytes(IFLA_INFO_KIND, "macvlan"u8);
        var data = writer.BeginNested(IFLA_INFO_DATA, setNestedFlag: false);
        writer.WriteUInt32(IFLA_MACVLAN_MODE, mode);
        writer.EndNested(data);
        writer.EndNested(info);
        writer.EndMessage();
    }

    /// <summary>RTM_NEWLINK on an existing link changing only IFF_UP.</summary>
    public static void WriteSetUp(NetlinkAttributeWriter writer, int index, bool up)
    {
        writer.BeginMessage(RTM_NEWLINK, NetlinkMessageFlags.None);
        Span<byte> header = stackalloc byte[IfinfomsgSize];
        header.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], up ? IFF_UP : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], IFF_UP);
        writer.WriteFamilyHeader(header);
        writer.EndMessage();
    }

    public static void WriteDelete(NetlinkAttributeWriter writer, int index)
    {
        writer.BeginMessage(RTM_DELLINK, NetlinkMessageFlags.None);
        Span<byte> header = stackalloc byte[IfinfomsgSize];
        header.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
        writer.WriteFamilyHeader(header);
        writer.EndMessage();
    }

    /// <summary>The virtual router MAC, 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6) (RFC 5798 §7.3).</summary>
    public static byte[] VirtualRouterMac(int virtualRouterId, bool ipv6) => [0x00, 0x00, 0x5e, 0x00, ipv6 ? (byte)0x02 : (byte)0x01, (byte)virtualRouterId];

    public static string FormatMac(ReadOnlySpan<byte> mac)
    {
        var text = new StringBuilder(17);
        for (var i = 0; i < mac.Length; i++) text.Append(i == 0 ? "" : ":").Append(mac[i].ToString("x2"));
        return text.ToString();
    }

    /// <summary>
    /// RTM_NEWLINK setting IFLA_AF_SPEC → AF_INET6 → IFLA_INET6_ADDR_GEN_MODE = none (<c>ip link set dev X addrgenmode none</c>):
    /// an IPv6 VMAC must not autoconfigure a link-local address from the virtual MAC both routers share.
    /// </summary>
    public static void WriteSetAddrGenModeNone(NetlinkAttributeWriter writer, int index)
    {
        writer.BeginMessage(RTM_NEWLINK, NetlinkMessageFlags.None);
        Span<byte> header = stackalloc byte[IfinfomsgSize];
        header.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
        writer.WriteFamilyHeader(header);
        var spec = writer.BeginNested(IFLA_AF_SPEC, setNestedFlag: false);
        var inet6 = writer.BeginNested(AF_INET6, setNestedFlag: false);
        writer.WriteUInt8(IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
        writer.EndNested(inet6);
        writer.EndNested(spec);
        writer.EndMessage();
    }

    /// <summary>RTM_GETLINK dump of every link.</summary>
    public static void WriteDump(NetlinkAttributeWriter writer)
    {
        writer.BeginMessage(RTM_GETLINK, NetlinkMessageFlags.Dump);
        Span<byte> header = stackalloc byte[IfinfomsgSize];
        header.Clear();
        writer.WriteFamilyHeader(header);
        writer.EndMessage();
    }

    /// <summary>Whether this RTM_NEWLINK payload is VRF device <paramref name="name"/>, and its table (IFLA_LINKINFO → IFLA_INFO_DATA → IFLA_VRF_TABLE).</summary>
    public static bool TryReadVrfTable(ReadOnlySpan<byte> payload, string name, out uint table)
    {
        table = 0;
        if (payload.Length < IfinfomsgSize) return false;
        bool named = false, vrf = false, found = false;
        foreach (var attribute in new NetlinkAttributeReader(payload[IfinfomsgSize..]))
        {
            if (attribute.Type == IFLA_IFNAME) named = attribute.GetString() == name;
            if (attribute.Type != IFLA_LINKINFO) continue;
            foreach (var info in attribute.Nested)
            {
                if (info.Type == IFLA_INFO_KIND) vrf = info.GetString() == "vrf";
                if (info.Type != IFLA_INFO_DATA) continue;
                foreach (var data in info.Nested)
                    if (data.Type == IFLA_VRF_TABLE && data.TryGetUInt32(out var t))
                    {
                        table = t;
                        found = true;
                    }
            }
        }
        return named && vrf && found;
    }
}
