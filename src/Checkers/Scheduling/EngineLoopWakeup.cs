using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// The scheduler loop run on a checker engine thread, woken by epoll_wait's timeout (keepalived's model): the probes it
/// starts keep their sockets on that engine, so at low rates a probe goes from due time to verdict on one thread, with
/// no timer thread and no thread-pool hop. Timestamps are <see cref="TimeProvider.System"/>'s, which only that
/// provider may use.
/// </summary>
internal sealed class EngineLoopWakeup : IEngineTimer, ILoopWakeup
{
    private readonly ReadinessEngine _engine;
    private readonly Action _loop;
    // One entry, moved by each Arm; the version tells an arming that fell due from a later one racing with it.
    private readonly EngineTimerEntry _entry;
    private long _version;

    public EngineLoopWakeup(ReadinessEngine engine, Action loop)
    {
        _engine = engine;
        _loop = loop;
        _entry = new EngineTimerEntry(this);
    }

    public void Arm(long due) => _engine.Schedule(_entry, Interlocked.Increment(ref _version), due);

    void IEngineTimer.OnTimer(long version)
    {
        if (version == Volatile.Read(ref _version)) _loop();
    }

    /// <summary>Busy share of the loop's engine thread at or above which it counts as saturated.</summary>
    internal const double SaturatedBusyFraction = 0.9;

    // Measured over the engine's last second: a loop that is late but has time to spare (a passing burst) catches up alone.
    public bool Saturated => _engine.BusyFraction >= SaturatedBusyFraction;

    // Due at once on the other engine, which starts the share's probes and keeps their sockets.
    public void Dispatch(BatchShare share, int index) => ReadinessEngine.At(index).Schedule(share, 0, 0);

    public void Dispose()
    {
        Interlocked.Increment(ref _version);
        _engine.Cancel(_entry);
    }
}
