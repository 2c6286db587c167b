using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The parts of a policy rule that tell one from another (family, from, to, table, preference), read from one
/// RTM_NEWRULE dump payload: struct fib_rule_hdr then FRA_SRC, FRA_DST, FRA_PRIORITY, FRA_TABLE (include/uapi/linux/fib_rules.h).
/// </summary>
internal readonly record struct KernelRuleKey(AddressFamily Family, IPAddress? From, byte FromLength, IPAddress? To, byte ToLength, uint Table, uint Preference)
{
    public static bool TryRead(ReadOnlySpan<byte> payload, out KernelRuleKey key)
    {
        key = default;
        if (payload.Length < RtnetlinkRuleMessages.FibRuleHeaderSize) return false;
        if (!RtnetlinkFamily.TryRead(payload[0], out var family, out var length)) return false;
        IPAddress? from = null, to = null;
        uint table = payload[4], preference = 0;
        foreach (var attribute in new NetlinkAttributeReader(payload[RtnetlinkRuleMessages.FibRuleHeaderSize..]))
        {
            switch (attribute.Type)
            {
                case RtnetlinkRuleMessages.FRA_SRC:
                    from = RtnetlinkFamily.Address(attribute.Payload, length);
                    break;
                case RtnetlinkRuleMessages.FRA_DST:
                    to = RtnetlinkFamily.Address(attribute.Payload, length);
                    break;
                case RtnetlinkRuleMessages.FRA_PRIORITY when attribute.Payload.Length == 4:
                    preference = BinaryPrimitives.ReadUInt32LittleEndian(attribute.Payload);
                    break;
                case RtnetlinkRuleMessages.FRA_TABLE when attribute.Payload.Length == 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(attribute.Payload);
                    break;
            }
        }
        key = new KernelRuleKey(family, from, payload[2], to, payload[1], table, preference);
        return true;
    }

    /// <summary>Whether this kernel rule is <paramref name="rule"/> (an unset preference or table matches any).</summary>
    public bool Matches(VirtualRuleOptions rule) =>
        Family == rule.Family
        && FromLength == (rule.From is null ? 0 : rule.FromPrefixLength)
        && (rule.From is null || rule.From.Equals(From))
        && ToLength == (rule.To is null ? 0 : rule.ToPrefixLength)
        && (rule.To is null || rule.To.Equals(To))
        && (rule.Table is not { } table || table == Table)
        && (rule.Preference is not { } preference || preference == Preference);
}
