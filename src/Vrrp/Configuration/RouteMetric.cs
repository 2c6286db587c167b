namespace LvsDirector.Vrrp.Configuration;

/// <summary>A route metric carried in RTA_METRICS (RTAX_* in include/uapi/linux/rtnetlink.h); the value is the kernel's.</summary>
public enum RouteMetric : ushort
{
    Mtu = 2,
    Window = 3,
    Rtt = 4,
    RttVar = 5,
    SsThresh = 6,
    Cwnd = 7,
    AdvMss = 8,
    Reordering = 9,
    HopLimit = 10,
    InitCwnd = 11,
    Features = 12,
    RtoMin = 13,
    InitRwnd = 14,
    QuickAck = 15,
    FastOpenNoCookie = 17,
}
