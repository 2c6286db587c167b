namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>vrrp_sync_group</c>: member instances that are MASTER together, or BACKUP/FAULT together.</summary>
public sealed record VrrpSyncGroupOptions
{
    public required EquatableArray<string> Members { get; init; }

    /// <summary>Group-level trackers, applied to every member.</summary>
    public VrrpTrackingOptions Tracking { get; init; } = new();

    public VrrpNotifyOptions Notify { get; init; } = new();

    /// <summary>sync_group_tracking_weight: weighted trackers are allowed on members (and here).</summary>
    public bool TrackingWeight { get; init; }
}
