namespace LvsDirector.Vrrp.Configuration;

/// <summary>keepalived <c>state MASTER|BACKUP</c>: the state an instance asks for at start.</summary>
public enum VrrpInitialState
{
    /// <summary>Start as Backup and wait Master_Down_Interval (RFC 5798 §6.4.1).</summary>
    Backup = 0,

    /// <summary>
    /// As keepalived 2.2.7: an address owner (priority 255) becomes Master at once; any other priority
    /// still starts as Backup, so a restarted node cannot steal mastership before it has heard the peers.
    /// </summary>
    Master = 1,
}
