using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Pure builders of rtnetlink route requests (include/uapi/linux/rtnetlink.h: struct rtmsg, RTA_*,
/// struct rtnexthop, RTAX_*). Attributes come in the order ip(8) writes them, so captured
/// <c>ip route add</c> requests are golden bytes for these.
/// </summary>
internal static class RtnetlinkRouteMessages
{
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;

    public const ushort RTA_DST = 1;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_PREFSRC = 7;
    public const ushort RTA_METRICS = 8;
    public const ushort RTA_MULTIPATH = 9;
    public const ushort RTA_FLOW = 11;
    public const ushort RTA_TABLE = 15;
    public const ushort RTA_PREF = 20;
    public const ushort RTA_ENCAP_TYPE = 21;
    public const ushort RTA_ENCAP = 22;
    public const ushort RTA_EXPIRES = 23;
    public const ushort RTA_TTL_PROPAGATE = 26;

    /// <summary>RTAX_CC_ALGO: the congestion control name, a string inside RTA_METRICS.</summary>
    public const ushort RTAX_CC_ALGO = 16;

    public const ushort RTAX_LOCK = 1;

    public const byte RTNH_F_ONLINK = 4;

    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_LINK = 253;
    public const byte RT_SCOPE_HOST = 254;
    public const byte RT_SCOPE_NOWHERE = 255;

    /// <summary>rtm_table holds 8 bits; larger table ids go in RTA_TABLE with rtm_table = RT_TABLE_UNSPEC.</summary>
    public const uint MaxHeaderTable = 255;

    /// <summary>struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags (u32).</summary>
    public const int RtmsgSize = 12;

    /// <summary>struct rtnexthop: len (u16), flags, hops, ifindex (s32).</summary>
    public const int RtnexthopSize = 8;

    /// <summary>The most nexthops one request carries (keeps the stack buffer bounded).</summary>
    public const int MaxNexthops = 32;

    private const byte AF_INET = 2;
    private const byte AF_INET6 = 10;

    /// <summary>RTM_NEWROUTE with NLM_F_CREATE|NLM_F_EXCL (EEXIST tells the caller it is already there).</summary>
    public static void WriteAdd(NetlinkAttributeWriter writer, VirtualRouteOptions route, Func<string, int> interfaceIndex, Func<string, uint?>? vrfTable = null) =>
        Write(writer, add: true, route, interfaceIndex, vrfTable);

    /// <summary>RTM_DELROUTE matching the route as added (scope RT_SCOPE_NOWHERE = any, as ip(8) does).</summary>
    public static void WriteDelete(NetlinkAttributeWriter writer, VirtualRouteOptions route, Func<string, int> interfaceIndex, Func<string, uint?>? vrfTable = null) =>
        Write(writer, add: false, route, interfaceIndex, vrfTable);

    /// <summary>The table a route goes in: <c>table</c>, else its VRF's table, else main.</summary>
    public static uint TableOf(VirtualRouteOptions route, Func<string, uint?>? vrfTable) =>
        route.Table ?? (route.Vrf is { } vrf ? vrfTable?.Invoke(vrf) : null) ?? 254;

    /// <summary>
    /// The scope ip(8) derives when none is given: universe for every IPv6 route (the kernel has no IPv6 scopes);
    /// otherwise host for local/nat, link for broadcast/multicast/anycast and for gateway-less unicast routes, else universe.
    /// </summary>
    public static byte DefaultScope(VirtualRouteOptions route) => route.Family == AddressFamily.InterNetworkV6 ? RT_SCOPE_UNIVERSE : route.Type switch
    {
        RouteType.Local or RouteType.Nat => RT_SCOPE_HOST,
        RouteType.Broadcast or RouteType.Multicast or RouteType.Anycast => RT_SCOPE_LINK,
        RouteType.Unicast when route.Gateway is null && route.Nexthops.Count == 0 => RT_SCOPE_LINK,
        _ => RT_SCOPE_UNIVERSE,
    };

    private static void Write(NetlinkAttributeWriter writer, bool add, VirtualRouteOptions route, Func<string, int> interfaceIndex, Func<string, uint?>? vrfTable)
    {
        writer.BeginMessage(add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive : NetlinkMessageFlags.None);
        var table = TableOf(route, vrfTable);
        Span<byte> header = stackalloc byte[RtmsgSize];
        header.Clear();
        header[0] = route.Family == AddressFamily.InterNetworkV6 ? AF_INET6 : AF_INET;
        header[1] = (byte)route.PrefixLength;
        header[3] = route.Tos;
        header[4] = table <= MaxHeaderTable ? (byte)table : (byte)0;
        header[5] = route.Protocol ?? VirtualRouteOptions.KeepalivedProtocol;
        header[6] = route.Scope ?? (add ? DefaultScope(route) : RT_SCOPE_NOWHERE);
        // ip(8) deletes a unicast route with RTN_UNSPEC (any type); other types must match.
        header[7] = add || route.Type != RouteType.Unicast ? (byte)route.Type : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], route.OnLink ? RTNH_F_ONLINK : 0u);
        writer.WriteFamilyHeader(header);

        Span<byte> address = stackalloc byte[16];
        if (route.PrefixLength > 0) WriteAddress(writer, RTA_DST, route.Destination, address);
        if (route.Gateway is { } gateway) WriteAddress(writer, RTA_GATEWAY, gateway, address);
        if (route.Source is { } source) WriteAddress(writer, RTA_PREFSRC, source, address);
        if (table > MaxHeaderTable) writer.WriteUInt32(RTA_TABLE, table);
        if (route.Metric is { } metric) writer.WriteUInt32(RTA_PRIORITY, metric);
        // ip(8) writes these as it meets the words and the device after them; keep its order (golden tests).
        if (route.Preference is { } preference) writer.WriteUInt8(RTA_PREF, (byte)preference);
        if (route.Expires is { } expires) writer.WriteUInt32(RTA_EXPIRES, expires);
        if (route.Realms is { } realms) writer.WriteUInt32(RTA_FLOW, realms);
        if (route.Encap is { } encap) RouteEncapWriter.Write(writer, encap);
        if (route.TtlPropagate is { } propagate) writer.WriteUInt8(RTA_TTL_PROPAGATE, propagate ? (byte)1 : (byte)0);
        if (route.Device is { } device) writer.WriteInt32(RTA_OIF, interfaceIndex(device));
        if (route.Metrics.Count > 0 || route.CongestionControl is not null)
        {
            var nest = writer.BeginNested(RTA_METRICS, setNestedFlag: false);
            uint locked = 0;
            foreach (var m in route.Metrics)
            {
                writer.WriteUInt32((ushort)m.Metric, m.Value);
                if (m.Locked) locked |= 1u << (int)m.Metric;
            }
            if (route.CongestionControl is { } algorithm)
            {
                // ip(8) sends the name without its NUL; the kernel copies it with nla_strscpy.
                writer.WriteBytes(RTAX_CC_ALGO, System.Text.Encoding.ASCII.GetBytes(algorithm));
                if (route.CongestionControlLocked) locked |= 1u << RTAX_CC_ALGO;
            }
            if (locked != 0) writer.WriteUInt32(RTAX_LOCK, locked);
            writer.EndNested(nest);
        }
        if (route.Nexthops.Count > 0) WriteMultipath(writer, route.Nexthops, interfaceIndex);
        writer.EndMessage();
    }

    /// <summary>RTA_MULTIPATH: a run of struct rtnexthop, each followed by its own RTA_GATEWAY.</summary>
    private static void WriteMultipath(NetlinkAttributeWriter writer, EquatableArray<RouteNexthopOptions> hops, Func<string, int> interfaceIndex)
    {
        Span<byte> buffer = stackalloc byte[MaxNexthops * (RtnexthopSize + 4 + 16)];
        var offset = 0;
        for (var i = 0; i < hops.Count && i < MaxNexthops; i++)
        {
            var hop = hops[i];
            var start = offset;
            buffer[offset + 2] = hop.OnLink ? RTNH_F_ONLINK : (byte)0;
            buffer[offset + 3] = (byte)(hop.Weight - 1);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[(offset + 4)..], hop.Device is null ? 0 : interfaceIndex(hop.Device));
            offset += RtnexthopSize;
            if (hop.Gateway is { } gateway)
            {
                gateway.TryWriteBytes(buffer[(offset + 4)..], out var length);
                BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], (ushort)(4 + length));
                BinaryPrimitives.WriteUInt16LittleEndian(buffer[(offset + 2)..], RTA_GATEWAY);
                offset += 4 + length;
            }
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[start..], (ushort)(offset - start));
        }
        writer.WriteBytes(RTA_MULTIPATH, buffer[..offset]);
    }

    private static void WriteAddress(NetlinkAttributeWriter writer, ushort type, IPAddress address, Span<byte> scratch)
    {
        address.TryWriteBytes(scratch, out var length);
        writer.WriteBytes(type, scratch[..length]);
    }
}
