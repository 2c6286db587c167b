namespace LvsDirector.Vrrp.Configuration;

/// <summary>notify_* scripts of an instance or a sync group.</summary>
public sealed record VrrpNotifyOptions
{
    public VrrpScriptCommand? Master { get; init; }

    public VrrpScriptCommand? Backup { get; init; }

    public VrrpScriptCommand? Fault { get; init; }

    public VrrpScriptCommand? Stop { get; init; }

    /// <summary>notify: run after the state's own script with <c>INSTANCE|GROUP name STATE priority</c> appended.</summary>
    public VrrpScriptCommand? Generic { get; init; }

    /// <summary>notify_master_rx_lower_pri: a Master heard a lower-priority advert (another master: split brain).</summary>
    public VrrpScriptCommand? MasterReceivedLowerPriority { get; init; }

    /// <summary>
    /// notify_deleted: an instance removed by a reload is reported as DELETED (to the generic notify and the
    /// FIFOs) instead of keepalived's default FAULT (which runs notify_fault).
    /// </summary>
    public bool ReportDeleted { get; init; }

    /// <summary>notify_deleted SCRIPT: run when the instance is removed by a reload (implies <see cref="ReportDeleted"/>).</summary>
    public VrrpScriptCommand? Deleted { get; init; }

    /// <summary>
    /// notify_priority_changes: effective-priority changes go to the FIFOs as MASTER_PRIORITY / BACKUP_PRIORITY;
    /// null = the sync group's, else global_defs' vrrp_notify_priority_changes.
    /// </summary>
    public bool? PriorityChanges { get; init; }
}
