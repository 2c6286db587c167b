namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// The sum of an instance's trackers, handed to the instance on the VRRP thread: the total delta,
/// and the names of the trackers holding it in FAULT (empty = none).
/// </summary>
internal sealed record TrackingStatus(long Delta, IReadOnlyList<string> Faults)
{
    public static TrackingStatus None { get; } = new(0, []);

    public bool IsFault => Faults.Count > 0;
}
