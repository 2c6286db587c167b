namespace LvsDirector.Vrrp.Configuration;

/// <summary>The route type (rtm_type, RTN_* in include/uapi/linux/rtnetlink.h).</summary>
public enum RouteType : byte
{
    Unicast = 1,
    Local = 2,
    Broadcast = 3,
    Anycast = 4,
    Multicast = 5,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
    Nat = 10,
}
