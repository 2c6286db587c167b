namespace LvsDirector.Checkers.Scheduling;

/// <summary>The totals of <see cref="CheckStatistics"/> at one instant; <see cref="Since"/> gives the rates over an interval.</summary>
internal readonly record struct CheckStatisticsSample(long Started, long Completed, TimeSpan ProbeTime, TimeSpan Lateness)
{
    public long InFlight => Started - Completed;

    /// <summary>The difference from an earlier sample: what happened in between.</summary>
    public CheckStatisticsSample Since(CheckStatisticsSample earlier) =>
        new(Started - earlier.Started, Completed - earlier.Completed, ProbeTime - earlier.ProbeTime, Lateness - earlier.Lateness);
}
