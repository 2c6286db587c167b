using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// One route of <c>virtual_routes</c> (added on entering MASTER, removed on leaving it) or
/// <c>static_routes</c> (added at start and kept): ip-route syntax, RTM_NEWROUTE in the kernel.
/// </summary>
public sealed record VirtualRouteOptions
{
    /// <summary>The destination network; 0.0.0.0 or :: with prefix 0 = <c>default</c>.</summary>
    public required IPAddress Destination { get; init; }

    public required int PrefixLength { get; init; }

    /// <summary><c>src</c>: the preferred source address (RTA_PREFSRC).</summary>
    public IPAddress? Source { get; init; }

    /// <summary><c>via</c> / <c>gw</c> (RTA_GATEWAY).</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary><c>dev</c>; null = none (the kernel picks the device from the gateway).</summary>
    public string? Device { get; init; }

    /// <summary><c>table</c>; null = main (254).</summary>
    public uint? Table { get; init; }

    /// <summary><c>metric</c> / <c>priority</c> / <c>preference</c> (RTA_PRIORITY).</summary>
    public uint? Metric { get; init; }

    /// <summary><c>scope</c> as the kernel number (0 global, 200 site, 253 link, 254 host); null = derived like ip(8).</summary>
    public byte? Scope { get; init; }

    /// <summary><c>proto</c>; null = 18 (keepalived), so the routes show as <c>proto keepalived</c>.</summary>
    public byte? Protocol { get; init; }

    public RouteType Type { get; init; } = RouteType.Unicast;

    /// <summary><c>tos</c> / <c>dsfield</c>.</summary>
    public byte Tos { get; init; }

    /// <summary><c>onlink</c> (RTNH_F_ONLINK): the gateway is on the link even without a matching prefix.</summary>
    public bool OnLink { get; init; }

    /// <summary><c>nexthop …</c> entries of a multipath route (RTA_MULTIPATH); <c>or GW</c> adds one too.</summary>
    public EquatableArray<RouteNexthopOptions> Nexthops { get; init; } = EquatableArray<RouteNexthopOptions>.Empty;

    /// <summary><c>mtu</c>, <c>advmss</c>, <c>hoplimit</c>, <c>initcwnd</c> … (RTA_METRICS).</summary>
    public EquatableArray<RouteMetricOptions> Metrics { get; init; } = EquatableArray<RouteMetricOptions>.Empty;

    /// <summary><c>pref low|medium|high</c> (RTA_PREF, IPv6 only): the router preference of RFC 4191.</summary>
    public RoutePreference? Preference { get; init; }

    /// <summary><c>expires SECONDS</c> (RTA_EXPIRES, IPv6 only): the kernel removes the route after this long.</summary>
    public uint? Expires { get; init; }

    /// <summary><c>realms [FROM/]TO</c> (RTA_FLOW): FROM in the high 16 bits, TO in the low.</summary>
    public uint? Realms { get; init; }

    /// <summary><c>ttl-propagate enabled|disabled</c> (RTA_TTL_PROPAGATE, MPLS routes).</summary>
    public bool? TtlPropagate { get; init; }

    /// <summary><c>congctl [lock] NAME</c> (RTAX_CC_ALGO in RTA_METRICS): the TCP congestion control of this route.</summary>
    public string? CongestionControl { get; init; }

    public bool CongestionControlLocked { get; init; }

    /// <summary><c>encap …</c>: lightweight tunnel encapsulation.</summary>
    public RouteEncapOptions? Encap { get; init; }

    /// <summary>
    /// <c>vrf NAME</c>: the route goes in the table of VRF device NAME (looked up when it is added; a <see cref="Table"/>
    /// given as well wins). A VRF that does not exist makes the add fail (logged), as with keepalived.
    /// </summary>
    public string? Vrf { get; init; }

    /// <summary><c>no_track</c>: a static route deleted by hand is not put back, and track_group ignores it.</summary>
    public bool NoTrack { get; init; }

    /// <summary><c>track_group G</c> (static_routes only): G's instances track this route's <c>dev</c> as an unweighted track_interface.</summary>
    public string? TrackGroup { get; init; }

    public AddressFamily Family => Destination.AddressFamily;

    /// <summary>The kernel table number (main when unset).</summary>
    public uint EffectiveTable => Table ?? 254;

    /// <summary>RTPROT_KEEPALIVED: what keepalived's own routes carry.</summary>
    public const byte KeepalivedProtocol = 18;

    public override string ToString()
    {
        var text = (Type == RouteType.Unicast ? "" : Type.ToString().ToLowerInvariant() + " ")
            + (PrefixLength == 0 && Destination.Equals(Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any) ? "default" : $"{Destination}/{PrefixLength}");
        if (Source is not null) text += $" src {Source}";
        if (Gateway is not null) text += $" via {Gateway}";
        if (Device is not null) text += $" dev {Device}";
        if (Table is not null) text += $" table {Table}";
        if (Metric is not null) text += $" metric {Metric}";
        if (Vrf is not null) text += $" vrf {Vrf}";
        if (Encap is not null) text += " " + Encap;
        if (OnLink) text += " onlink";
        foreach (var hop in Nexthops) text += " " + hop;
        foreach (var metric in Metrics) text += " " + metric;
        return text;
    }
}
