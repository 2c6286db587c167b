namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// What wakes the <see cref="CheckScheduler"/> loop: calls it back once a <see cref="TimeProvider.GetTimestamp"/> value
/// has passed. Production runs the loop on a checker engine thread with epoll_wait's timeout as its clock
/// (<see cref="EngineLoopWakeup"/>); tests drive it through the injected <see cref="TimeProvider"/>'s timer
/// (<see cref="TimerLoopWakeup"/>).
/// </summary>
internal interface ILoopWakeup : IDisposable
{
    /// <summary>Replaces the pending wake-up with one at <paramref name="due"/>. Called under the scheduler's lock.</summary>
    void Arm(long due);

    /// <summary>Whether the loop's own thread is saturated, so that a late wake-up's batch is worth sharing out.</summary>
    bool Saturated { get; }

    /// <summary>Runs the <paramref name="index"/>th share (from 1) of a large wake-up on another thread.</summary>
    void Dispatch(BatchShare share, int index);
}
