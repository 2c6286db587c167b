namespace LvsDirector.Vrrp.Configuration;

/// <summary>The lightweight-tunnel encapsulation of a route (<c>encap TYPE …</c>; LWTUNNEL_ENCAP_* in include/uapi/linux/lwtunnel.h).</summary>
public enum RouteEncapType : ushort
{
    Mpls = 1,
    Ip = 2,
    Ip6 = 4,
    Seg6 = 5,
}
