namespace LvsDirector.Vrrp.Configuration;

/// <summary>An IPv6 route's preference (RTA_PREF: ICMPV6_ROUTER_PREF_* of include/uapi/linux/icmpv6.h, RFC 4191 §2.1).</summary>
public enum RoutePreference : byte
{
    Medium = 0,
    High = 1,
    Low = 3,
}
