namespace LvsDirector.Ipvs.Model;

/// <summary>IPVS_DAEMON_ATTR_STATE: IP_VS_STATE_MASTER / IP_VS_STATE_BACKUP.</summary>
public enum IpvsSyncDaemonState : uint
{
    None = 0,
    Master = 1,
    Backup = 2,
}
