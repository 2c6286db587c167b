namespace LvsDirector.Ipvs.Model;

/// <summary>The transport protocol of a virtual service (IPVS_SVC_ATTR_PROTOCOL: the IPPROTO_* number).</summary>
public enum IpvsProtocol : ushort
{
    /// <summary>Firewall-mark services have no protocol of their own (the kernel stores TCP).</summary>
    None = 0,
    Tcp = 6,
    Udp = 17,
    Sctp = 132,
}
