namespace LvsDirector.Ipvs.Model;

/// <summary>How packets reach a real server: IP_VS_CONN_F_FWD_MASK bits of IPVS_DEST_ATTR_FWD_METHOD.</summary>
public enum IpvsForwardingMethod : uint
{
    /// <summary>NAT (IP_VS_CONN_F_MASQ).</summary>
    Masquerade = 0,

    /// <summary>IP_VS_CONN_F_LOCALNODE (the kernel picks it itself for local addresses).</summary>
    LocalNode = 1,

    /// <summary>IP-in-IP, GUE or GRE tunnel (IP_VS_CONN_F_TUNNEL).</summary>
    Tunnel = 2,

    /// <summary>Direct routing (IP_VS_CONN_F_DROUTE): the director's usual mode.</summary>
    DirectRoute = 3,

    /// <summary>IP_VS_CONN_F_BYPASS.</summary>
    Bypass = 4,
}
