namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// What one reconcile did: the changes it planned, those the kernel refused (each naming its object and errno),
/// the netlink requests it took (dumps included), and, if the run could not complete (socket error,
/// no IPVS in the kernel), that error. A run with failures or an error is retried after the retry interval.
/// </summary>
public sealed record IpvsApplyResult
{
    public IReadOnlyList<IpvsChange> Changes { get; init; } = Array.Empty<IpvsChange>();

    public IReadOnlyList<IpvsChangeFailure> Failures { get; init; } = Array.Empty<IpvsChangeFailure>();

    /// <summary>Other operations that were refused (timeouts, sync daemons), as messages naming them.</summary>
    public IReadOnlyList<string> OtherFailures { get; init; } = Array.Empty<string>();

    /// <summary>Netlink request messages sent by this run, dumps included.</summary>
    public long NetlinkOperations { get; init; }

    /// <summary>Requests that changed something (service/dest/daemon/timeout writes, flush).</summary>
    public int WritesSent { get; init; }

    /// <summary>Kernel services left alone because they are not ours.</summary>
    public IReadOnlyList<Model.IpvsServiceKey> Unmanaged { get; init; } = Array.Empty<Model.IpvsServiceKey>();

    /// <summary>Set when the run stopped early (the table may be partly reconciled).</summary>
    public string? Error { get; init; }

    public bool Succeeded => Error is null && Failures.Count == 0 && OtherFailures.Count == 0;
}
