using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Pure builders of rtnetlink policy-rule requests (include/uapi/linux/fib_rules.h: struct fib_rule_hdr,
/// FRA_*, FR_ACT_*). Attributes come in the order ip(8) writes them for the same words.
/// </summary>
internal static class RtnetlinkRuleMessages
{
    public const ushort RTM_NEWRULE = 32;
    public const ushort RTM_DELRULE = 33;

    public const ushort FRA_DST = 1;
    public const ushort FRA_SRC = 2;
    public const ushort FRA_IIFNAME = 3;
    public const ushort FRA_GOTO = 4;
    public const ushort FRA_PRIORITY = 6;
    public const ushort FRA_FWMARK = 10;
    public const ushort FRA_FLOW = 11;
    public const ushort FRA_TUN_ID = 12;
    public const ushort FRA_SUPPRESS_IFGROUP = 13;
    public const ushort FRA_SUPPRESS_PREFIXLEN = 14;
    public const ushort FRA_TABLE = 15;
    public const ushort FRA_FWMASK = 16;
    public const ushort FRA_OIFNAME = 17;
    public const ushort FRA_L3MDEV = 19;
    public const ushort FRA_UID_RANGE = 20;
    public const ushort FRA_PROTOCOL = 21;
    public const ushort FRA_IP_PROTO = 22;
    public const ushort FRA_SPORT_RANGE = 23;
    public const ushort FRA_DPORT_RANGE = 24;

    public const uint FIB_RULE_INVERT = 0x2;

    /// <summary>struct fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags (u32).</summary>
    public const int FibRuleHeaderSize = 12;

    private const byte AF_INET = 2;
    private const byte AF_INET6 = 10;

    /// <summary>RTM_NEWRULE with NLM_F_CREATE|NLM_F_EXCL (EEXIST: an identical rule is there).</summary>
    public static void WriteAdd(NetlinkAttributeWriter writer, VirtualRuleOptions rule) => Write(writer, add: true, rule);

    public static void WriteDelete(NetlinkAttributeWriter writer, VirtualRuleOptions rule) => Write(writer, add: false, rule);

    private static void Write(NetlinkAttributeWriter writer, bool add, VirtualRuleOptions rule)
    {
        writer.BeginMessage(add ? RTM_NEWRULE : RTM_DELRULE, add ? NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive : NetlinkMessageFlags.None);
        var table = rule.Table ?? 0;
        Span<byte> header = stackalloc byte[FibRuleHeaderSize];
        header.Clear();
        header[0] = rule.Family == AddressFamily.InterNetworkV6 ? AF_INET6 : AF_INET;
        header[1] = rule.To is null ? (byte)0 : (byte)rule.ToPrefixLength;
        header[2] = rule.From is null ? (byte)0 : (byte)rule.FromPrefixLength;
        header[3] = rule.Tos;
        header[4] = table <= RtnetlinkRouteMessages.MaxHeaderTable ? (byte)table : (byte)0;
        // ip(8) deletes a table rule with FR_ACT_UNSPEC (any action); other actions must match.
        header[7] = add || rule.Action != RuleAction.ToTable ? (byte)rule.Action : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], rule.Invert ? FIB_RULE_INVERT : 0u);
        writer.WriteFamilyHeader(header);

        Span<byte> scratch = stackalloc byte[16];
        if (rule.From is { } from) WriteAddress(writer, FRA_SRC, from, scratch);
        if (rule.To is { } to) WriteAddress(writer, FRA_DST, to, scratch);
        if (rule.FirewallMark is { } mark) writer.WriteUInt32(FRA_FWMARK, mark);
        if (rule.FirewallMask is { } mask) writer.WriteUInt32(FRA_FWMASK, mask);
        if (rule.InputInterface is { } iif) writer.WriteString(FRA_IIFNAME, iif);
        if (rule.OutputInterface is { } oif) writer.WriteString(FRA_OIFNAME, oif);
        if (rule.Action == RuleAction.Goto && rule.GotoPreference is { } target) writer.WriteUInt32(FRA_GOTO, target);
        if (table > RtnetlinkRouteMessages.MaxHeaderTable) writer.WriteUInt32(FRA_TABLE, table);
        if (rule.Preference is { } preference) writer.WriteUInt32(FRA_PRIORITY, preference);
        if (rule.UidStart is { } uidStart)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, uidStart);
            BinaryPrimitives.WriteUInt32LittleEndian(scratch[4..], rule.UidEnd ?? uidStart);
            writer.WriteBytes(FRA_UID_RANGE, scratch[..8]);
        }
        if (rule.L3mdev) writer.WriteUInt8(FRA_L3MDEV, 1);
        if (rule.SuppressPrefixLength is { } suppress) writer.WriteUInt32(FRA_SUPPRESS_PREFIXLEN, suppress);
        if (rule.SuppressInterfaceGroup is { } group) writer.WriteUInt32(FRA_SUPPRESS_IFGROUP, group);
        if (rule.Realms is { } realms) writer.WriteUInt32(FRA_FLOW, realms);
        if (rule.TunnelId is { } tunnel)
        {
            BinaryPrimitives.WriteUInt64BigEndian(scratch, tunnel);
            writer.WriteBytes(FRA_TUN_ID, scratch[..8]);
        }
        writer.WriteUInt8(FRA_PROTOCOL, rule.Protocol ?? VirtualRouteOptions.KeepalivedProtocol);
        if (rule.IpProtocol is { } ipProtocol) writer.WriteUInt8(FRA_IP_PROTO, ipProtocol);
        if (rule.SourcePorts is { } sport) WritePortRange(writer, FRA_SPORT_RANGE, sport, scratch);
        if (rule.DestinationPorts is { } dport) WritePortRange(writer, FRA_DPORT_RANGE, dport, scratch);
        writer.EndMessage();
    }

    /// <summary>struct fib_rule_port_range: start, end (host order u16).</summary>
    private static void WritePortRange(NetlinkAttributeWriter writer, ushort type, (ushort Start, ushort End) range, Span<byte> scratch)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, range.Start);
        BinaryPrimitives.WriteUInt16LittleEndian(scratch[2..], range.End);
        writer.WriteBytes(type, scratch[..4]);
    }

    private static void WriteAddress(NetlinkAttributeWriter writer, ushort type, IPAddress address, Span<byte> scratch)
    {
        address.TryWriteBytes(scratch, out var length);
        writer.WriteBytes(type, scratch[..length]);
    }
}
