using LvsDirector.Common.Netlink;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The rtnetlink multicast groups VRRP follows and a pure classification of one event datagram
/// (include/uapi/linux/rtnetlink.h: RTMGRP_* masks and RTM_* message types).
/// </summary>
internal static class RouteEventClassifier
{
    public const uint RTMGRP_LINK = 0x1;
    public const uint RTMGRP_IPV4_IFADDR = 0x10;
    public const uint RTMGRP_IPV4_ROUTE = 0x40;
    public const uint RTMGRP_IPV4_RULE = 0x80;
    public const uint RTMGRP_IPV6_IFADDR = 0x100;
    public const uint RTMGRP_IPV6_ROUTE = 0x400;

    /// <summary>RTNLGRP_IPV6_RULE (19) has no RTMGRP_ constant; its legacy mask bit is 1 &lt;&lt; (19 - 1).</summary>
    public const uint RTMGRP_IPV6_RULE = 1u << 18;

    /// <summary>Links (track_interface, the instances' own interfaces) plus what static entries with track_group live in.</summary>
    public const uint Groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE | RTMGRP_IPV4_RULE | RTMGRP_IPV6_RULE;

    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_NEWRULE = 32;
    public const ushort RTM_DELRULE = 33;

    /// <summary>The kinds of object the messages of <paramref name="datagram"/> are about; malformed input yields what was read before it.</summary>
    public static RouteEvents Classify(ReadOnlySpan<byte> datagram) => Read(datagram).Events;

    /// <summary>The kinds of object, and the routes and addresses deleted (RTM_DELROUTE, RTM_DELADDR), of one datagram. Never throws.</summary>
    public static NetworkChange Read(ReadOnlySpan<byte> datagram)
    {
        var events = RouteEvents.None;
        List<KernelRouteKey>? routes = null;
        List<KernelAddressKey>? addresses = null;
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            if (message.Header.Type == RTM_DELROUTE && KernelRouteKey.TryRead(message.Payload, out var route))
                (routes ??= new()).Add(route);
            if (message.Header.Type == RTM_DELADDR && RtnetlinkAddressMessages.TryReadAddress(message.Payload, out var index, out var address, out var prefix, out _, out _) && address is not null)
                (addresses ??= new()).Add(new KernelAddressKey(index, address, prefix));
            events |= message.Header.Type switch
            {
                RTM_NEWLINK or RTM_DELLINK => RouteEvents.Link,
                RTM_NEWADDR or RTM_DELADDR => RouteEvents.Address,
                RTM_NEWROUTE or RTM_DELROUTE => RouteEvents.Route,
                RTM_NEWRULE or RTM_DELRULE => RouteEvents.Rule,
                _ => RouteEvents.None,
            };
        }
        return new NetworkChange(events, false, routes ?? [], addresses ?? []);
    }
}
