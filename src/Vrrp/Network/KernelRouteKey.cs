using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// What identifies a route in the kernel's FIB (family, destination/length, tos, table, metric, type), read from
/// one RTM_NEWROUTE dump payload: struct rtmsg then RTA_DST, RTA_PRIORITY, RTA_TABLE (include/uapi/linux/rtnetlink.h).
/// </summary>
internal readonly record struct KernelRouteKey(AddressFamily Family, IPAddress? Destination, byte PrefixLength, byte Tos, uint Table, uint Metric, byte Type)
{
    public static bool TryRead(ReadOnlySpan<byte> payload, out KernelRouteKey key)
    {
        key = default;
        if (payload.Length < RtnetlinkRouteMessages.RtmsgSize) return false;
        if (!RtnetlinkFamily.TryRead(payload[0], out var family, out var length)) return false;
        IPAddress? destination = null;
        uint table = payload[4], metric = 0;
        foreach (var attribute in new NetlinkAttributeReader(payload[RtnetlinkRouteMessages.RtmsgSize..]))
        {
            switch (attribute.Type)
            {
                case RtnetlinkRouteMessages.RTA_DST:
                    destination = RtnetlinkFamily.Address(attribute.Payload, length);
                    break;
                case RtnetlinkRouteMessages.RTA_PRIORITY when attribute.Payload.Length == 4:
                    metric = BinaryPrimitives.ReadUInt32LittleEndian(attribute.Payload);
                    break;
                case RtnetlinkRouteMessages.RTA_TABLE when attribute.Payload.Length == 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(attribute.Payload);
                    break;
            }
        }
        key = new KernelRouteKey(family, destination, payload[1], payload[3], table, metric, payload[7]);
        return true;
    }

    /// <summary>
    /// Whether this kernel route is <paramref name="route"/>. An unset metric matches any (the kernel gives IPv6
    /// routes 1024); a destination of prefix 0 carries no RTA_DST.
    /// </summary>
    public bool Matches(VirtualRouteOptions route) =>
        Family == route.Family
        && PrefixLength == route.PrefixLength
        && (PrefixLength == 0 || route.Destination.Equals(Destination))
        && Tos == route.Tos
        && Table == route.EffectiveTable
        && (route.Metric is not { } metric || metric == Metric)
        && Type == (byte)route.Type;
}
