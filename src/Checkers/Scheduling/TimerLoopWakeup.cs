namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// The scheduler loop woken by one one-shot <see cref="ITimer"/> from a <see cref="TimeProvider"/>: any provider
/// (a test's manual clock), at the cost of the timer thread and a thread-pool hop per wake-up with the system's.
/// </summary>
internal sealed class TimerLoopWakeup : ILoopWakeup
{
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _timer;

    public TimerLoopWakeup(TimeProvider timeProvider, Action loop)
    {
        _timeProvider = timeProvider;
        // The timer must not capture the caller's ExecutionContext (AsyncLocals of whoever applied the options).
        using (ExecutionContext.SuppressFlow())
        {
            _timer = timeProvider.CreateTimer(static s => ((Action)s!)(), loop, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    // Rounded up to whole milliseconds: the system timer counts milliseconds and truncates, so an unrounded delay would
    // wake the loop just before the entry is due, to find nothing to do.
    public void Arm(long due)
    {
        var delay = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), due);
        var milliseconds = delay <= TimeSpan.Zero ? 0 : Math.Ceiling(delay.TotalMilliseconds);
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    // The provider's timer thread is not measured: a late batch is shared.
    public bool Saturated => true;

    public void Dispatch(BatchShare share, int index) => ThreadPool.UnsafeQueueUserWorkItem(share, preferLocal: false);

    public void Dispose() => _timer.Dispose();
}
