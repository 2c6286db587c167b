namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// keepalived's tracking arithmetic (vrrp_track.c): each tracker contributes a delta or a FAULT;
/// the effective priority is the configured one plus the deltas, clamped to 1..254. An address
/// owner (priority 255) is never adjusted.
/// </summary>
internal static class PriorityCalculator
{
    public const int OwnerPriority = 255;
    public const int MinEffective = 1;
    public const int MaxEffective = 254;

    /// <summary>Bigger deltas change nothing after the clamp; capping keeps sums from overflowing.</summary>
    public const int MaxFileDelta = 1_000_000;

    /// <summary>A track_file result at or below this is a FAULT (keepalived: "below -253").</summary>
    public const long FileFaultThreshold = -254;

    /// <summary>
    /// A two-state tracker (script, interface, process): a positive weight is added while OK, a
    /// negative one while failed; <paramref name="reverse"/> turns the direction round (a positive
    /// weight is then subtracted while OK, a negative one subtracted while failed). Weight 0 = FAULT while failed.
    /// </summary>
    public static TrackerVerdict ForState(bool ok, int weight, bool reverse)
    {
        if (weight == 0) return ok ? TrackerVerdict.Neutral : TrackerVerdict.Faulted;
        if (ok != weight > 0) return TrackerVerdict.Neutral;
        return new TrackerVerdict(reverse ? -weight : weight, false);
    }

    /// <summary>
    /// track_file: value × weight (× −1 with reverse) is the delta; weight 0 makes any non-zero value
    /// a FAULT; a product at or below −254 is a FAULT.
    /// </summary>
    public static TrackerVerdict ForFileValue(long value, int weight, bool reverse)
    {
        if (weight == 0) return value == 0 ? TrackerVerdict.Neutral : TrackerVerdict.Faulted;
        var product = (Int128)value * weight * (reverse ? -1 : 1);
        if (product <= FileFaultThreshold) return TrackerVerdict.Faulted;
        return new TrackerVerdict(product > MaxFileDelta ? MaxFileDelta : (int)product, false);
    }

    /// <summary>The priority advertised: configured + deltas, clamped to 1..254; 255 stays 255.</summary>
    public static int Effective(int configured, long totalDelta)
    {
        if (configured >= OwnerPriority) return OwnerPriority;
        return (int)Math.Clamp(configured + totalDelta, MinEffective, MaxEffective);
    }
}
