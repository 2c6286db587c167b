namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// Running totals over every scheduled check, for the periodic debug line that shows whether the process keeps
/// up at scale: probes started and completed, how long probes take, and how late their timers fire (a late
/// timer means the process, not the real servers, is the bottleneck). Lock-free; read by <see cref="Read"/>.
/// </summary>
internal sealed class CheckStatistics
{
    private long _started;
    private long _completed;
    private long _probeTicks;
    private long _latenessTicks;

    public void ProbeStarted(TimeSpan lateness)
    {
        Interlocked.Increment(ref _started);
        if (lateness > TimeSpan.Zero) Interlocked.Add(ref _latenessTicks, lateness.Ticks);
    }

    public void ProbeCompleted(TimeSpan duration)
    {
        Interlocked.Add(ref _probeTicks, duration.Ticks);
        Interlocked.Increment(ref _completed);
    }

    public CheckStatisticsSample Read() => new(
        Interlocked.Read(ref _started), Interlocked.Read(ref _completed),
        TimeSpan.FromTicks(Interlocked.Read(ref _probeTicks)), TimeSpan.FromTicks(Interlocked.Read(ref _latenessTicks)));
}
