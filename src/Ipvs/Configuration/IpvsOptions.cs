using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Configuration;

/// <summary>
/// Everything the IPVS library should make true in the kernel: the virtual services with their real servers,
/// sync daemons and timeouts, plus how the reconciler behaves. Immutable; value-equal (lists are <see cref="ValueList{T}"/>).
/// </summary>
public sealed record IpvsOptions
{
    /// <summary>Where the owned-service set is persisted by default (tmpfs: survives restarts, not reboots — nor does the IPVS table).</summary>
    public const string DefaultOwnershipStateFile = "/run/lvs-director/ipvs-owned.json";

    public ValueList<VirtualServiceOptions> Services { get; init; } = ValueList<VirtualServiceOptions>.Empty;

    /// <summary>Sync daemons to run (master and/or backup). Kernel daemons we did not start are left alone when this is empty.</summary>
    public ValueList<IpvsSyncDaemon> SyncDaemons { get; init; } = ValueList<IpvsSyncDaemon>.Empty;

    /// <summary>tcp / tcpfin / udp timeouts (keepalived lvs_timeouts); null leaves the kernel's alone, 0 leaves one alone.</summary>
    public IpvsTimeouts? Timeouts { get; init; }

    /// <summary>
    /// FLUSH the whole table before the first reconcile of this process (keepalived lvs_flush, a start-up option:
    /// setting it in a reload flushes nothing). Off by default: we adopt.
    /// </summary>
    public bool FlushOnStart { get; init; }

    /// <summary>FLUSH the whole table when the director stops (keepalived lvs_flush_on_stop). Off by default.</summary>
    public bool FlushOnStop { get; init; }

    /// <summary>
    /// Delete the services we manage when the director stops, leaving everyone else's (keepalived
    /// <c>lvs_flush_on_stop VS</c>; the kernel drops their destinations with them). Off by default.
    /// </summary>
    public bool DeleteOwnedServicesOnStop { get; init; }

    /// <summary>JSON file remembering the services we manage, so a restart can delete those removed from the configuration. Null: memory only.</summary>
    public string? OwnershipStateFile { get; init; } = DefaultOwnershipStateFile;

    /// <summary>How often the kernel table is re-checked (IPVS sends no change events, so drift is found by dumping).</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How soon a reconcile that hit an error is retried.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);
}
