namespace LvsDirector.Vrrp.Tracking;

/// <summary>What one tracker asks of an instance: a priority delta, or FAULT.</summary>
internal readonly record struct TrackerVerdict(int Delta, bool Fault)
{
    public static TrackerVerdict Neutral => new(0, false);

    public static TrackerVerdict Faulted => new(0, true);
}
