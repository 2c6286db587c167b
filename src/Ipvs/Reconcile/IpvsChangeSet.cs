using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// The result of <see cref="IpvsDiff"/>: changes in apply order (destination deletes, service deletes,
/// service adds and edits, destination adds and edits) and the kernel services left alone because they are not ours.
/// </summary>
public sealed record IpvsChangeSet(IReadOnlyList<IpvsChange> Changes, IReadOnlyList<IpvsServiceKey> Unmanaged)
{
    public bool IsEmpty => Changes.Count == 0;
}
