using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// A share of one scheduler wake-up's due entries, run on another thread: another checker engine in production (its
/// probes' sockets then stay on that engine), the thread pool with a test clock.
/// </summary>
internal sealed class BatchShare(CheckScheduler scheduler, DueSchedulerEntry[] entries) : IEngineTimer, IThreadPoolWorkItem
{
    void IEngineTimer.OnTimer(long version) => scheduler.Run(entries);

    void IThreadPoolWorkItem.Execute() => scheduler.Run(entries);
}
