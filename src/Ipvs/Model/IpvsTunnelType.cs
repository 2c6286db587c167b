namespace LvsDirector.Ipvs.Model;

/// <summary>IPVS_DEST_ATTR_TUN_TYPE (Linux 5.2; GRE 5.3).</summary>
public enum IpvsTunnelType : byte
{
    IpIp = 0,
    Gue = 1,
    Gre = 2,
}
