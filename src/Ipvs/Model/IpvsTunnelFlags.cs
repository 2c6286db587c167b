namespace LvsDirector.Ipvs.Model;

/// <summary>IPVS_DEST_ATTR_TUN_FLAGS: IP_VS_TUNNEL_ENCAP_FLAG_* (Linux 5.3).</summary>
[Flags]
public enum IpvsTunnelFlags : ushort
{
    /// <summary>IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM.</summary>
    None = 0,
    Checksum = 0x1,

    /// <summary>Remote checksum offload: GUE only.</summary>
    RemoteChecksum = 0x2,
}
