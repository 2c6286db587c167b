using LvsDirector.Checkers.Checks;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// The one scheduler loop of every check: a min-heap of due times (probe starts and probe deadlines) behind a
/// single wake-up armed for the earliest entry (<see cref="ILoopWakeup"/>: in production epoll_wait's timeout on a
/// checker engine thread, which the loop then runs on; with a test's <see cref="TimeProvider"/>, one one-shot timer of
/// it). One wake-up starts every probe that is due and fails every probe past its deadline, so the process pays one
/// wake-up per batch instead of one timer per check and another per deadline, as keepalived's single event loop does. A probe's first synchronous part (socket, connect) runs in the loop; the
/// rest is asynchronous, so a slow or hung server holds only its own check. Checks whose first part may block
/// (scripts, files) are started on the thread pool instead, and a large batch of a loop that has fallen behind is shared out
/// among the processors.
/// </summary>
internal sealed partial class CheckScheduler : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimestampTicks _ticks;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly DueHeap<SchedulerEntry> _queue = new();
    private readonly List<DueSchedulerEntry> _batch = [];
    private readonly ILoopWakeup _wakeup;
    private long _armedFor = long.MaxValue;
    private bool _inLoop;
    private bool _disposed;

    /// <summary>Entries a wake-up must hold before a share of them is handed to another thread.</summary>
    internal const int MinEntriesPerShare = 16;

    /// <summary>
    /// How late the earliest entry of a wake-up must be before its batch is shared out at all. A loop that keeps up runs
    /// every probe itself: handing a share to another engine costs a cross-thread wake-up and puts a second processor to
    /// work for what one does in time (in the IPVS VM at 1,000 TCP checks/s, one engine cost 750 µs of CPU per check and
    /// sharing 903 µs, same boot). Only a loop that has fallen this far behind while its thread is saturated
    /// (<see cref="ILoopWakeup.Saturated"/>: thousands of checks per second) spreads its work; once two engines share, each
    /// costs more per probe, so a loop that is merely late (a passing burst, a slow moment of the host) catches up alone.
    /// </summary>
    internal static readonly TimeSpan ShareWhenLate = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Most entries one engine wake-up starts per processor. The loop shares its engine thread with the readiness of
    /// that engine's sockets: a late loop that started thousands of connects at once would hold every ready socket
    /// behind them (probes then take longer, the next wake-up is later and larger). Past this it goes back to epoll_wait,
    /// with a zero timeout, and carries on after the ready sockets.
    /// </summary>
    internal const int MaxEntriesPerWakePerProcessor = 32;

    private readonly int _maxPerWake;

    private readonly int _parallelism;

    /// <param name="parallelism">
    /// How many threads may start the probes of one wake-up (default: the processor count). Starting a probe is mostly
    /// the kernel's connect, which on a fast network includes the whole handshake: one thread alone tops out near one
    /// core's worth of connects, so a large batch is shared out, at least <see cref="MinEntriesPerShare"/> entries per hop.
    /// </param>
    public CheckScheduler(TimeProvider timeProvider, Random random, ILogger logger, int? parallelism = null)
    {
        _timeProvider = timeProvider;
        _ticks = new TimestampTicks(timeProvider.TimestampFrequency);
        _random = random;
        _logger = logger;
        _parallelism = Math.Max(1, parallelism ?? Environment.ProcessorCount);
        // The engine's clock is the system's monotonic clock: only TimeProvider.System's timestamps can be handed to it.
        if (timeProvider == TimeProvider.System)
        {
            _wakeup = new EngineLoopWakeup(Sockets.ReadinessEngine.First, RunDue);
            _maxPerWake = MaxEntriesPerWakePerProcessor * _parallelism;
        }
        else
        {
            // A test clock's timer thread has nothing else to do: one wake-up takes everything due.
            _wakeup = new TimerLoopWakeup(timeProvider, RunDue);
            _maxPerWake = int.MaxValue;
        }
    }

    /// <summary>Totals over every check this scheduler started.</summary>
    public CheckStatistics Statistics { get; } = new();

    internal TimeProvider TimeProvider => _timeProvider;

    internal ILogger Logger => _logger;

    /// <summary>Entries waiting in the heap.</summary>
    internal int PendingEntries
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>
    /// Starts a check: its first probe after a random delay in [0, <paramref name="warmup"/>], then at the delay
    /// <paramref name="onCompleted"/> returns after each result. <paramref name="startInline"/> false: the probe's first
    /// synchronous part may block (a fork, a file open), so it is started on the thread pool, not in the loop.
    /// <paramref name="parked"/>: it does not probe until <see cref="ScheduledCheck.Resume"/>.
    /// </summary>
    public ScheduledCheck Schedule(IHealthCheck probe, TimeSpan warmup, Func<TimeSpan> deadline, Func<CheckResult, TimeSpan> onCompleted,
        string name, bool startInline = true, bool parked = false)
        => new(this, probe, InitialDelay(warmup), deadline, onCompleted, name, startInline, parked);

    /// <summary>Uniform in [0, warmup]; zero when warm-up is disabled.</summary>
    public TimeSpan InitialDelay(TimeSpan warmup)
    {
        if (warmup <= TimeSpan.Zero) return TimeSpan.Zero;
        double fraction;
        lock (_random) fraction = _random.NextDouble();
        return TimeSpan.FromTicks((long)(warmup.Ticks * fraction));
    }

    /// <summary>The timestamp <paramref name="delay"/> after <paramref name="from"/> (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    internal long After(long from, TimeSpan delay) =>
        from + _ticks.From(delay);

    /// <summary>Queues <paramref name="entry"/> at <paramref name="due"/> for <paramref name="version"/>, or moves it there if it is queued.</summary>
    internal void Add(SchedulerEntry entry, long version, long due)
    {
        lock (_gate)
        {
            if (_disposed) return;
            entry.Version = version;
            _queue.Set(entry, due);
            // The loop re-arms for the earliest entry when it finishes. A wake-up armed for an entry since moved or
            // cancelled only finds less to do.
            if (!_inLoop && due < _armedFor) Arm(due);
        }
    }

    /// <summary>Takes <paramref name="entry"/> out of the heap: it never falls due.</summary>
    internal void Cancel(SchedulerEntry entry)
    {
        lock (_gate) _queue.Remove(entry);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _queue.Clear();
            _wakeup.Dispose();
        }
    }

    // One pass per wake-up: what is due now (at most _maxPerWake) is taken out under the lock and run outside it (the
    // checks take their own locks and call back into Add); shared out only when the loop is behind (ShareWhenLate).
    // Anything still or newly due re-arms the wake-up at once.
    private void RunDue()
    {
        var batch = _batch;
        long now;
        lock (_gate)
        {
            if (_disposed || _inLoop) return;
            _inLoop = true;
            _armedFor = long.MaxValue;
            now = Sockets.EngineClock.GetTimestamp(_timeProvider);
            while (batch.Count < _maxPerWake && _queue.TryDequeueDue(now, out var entry, out var due)) batch.Add(new(entry, entry.Version, due));
        }
        // Taken in due order: the first entry is the latest.
        var behind = batch.Count > 0 && _timeProvider.GetElapsedTime(batch[0].Due, now) >= ShareWhenLate && _wakeup.Saturated;
        var shares = behind ? Math.Min(_parallelism, batch.Count / MinEntriesPerShare) : 1;
        if (shares > 1)
        {
            // The first share runs here; the others are copied out (the batch list is reused) and handed on.
            var size = (batch.Count + shares - 1) / shares;
            var index = 1;
            for (var start = size; start < batch.Count; start += size)
            {
                _wakeup.Dispatch(new BatchShare(this, batch.GetRange(start, Math.Min(size, batch.Count - start)).ToArray()), index++);
            }
            batch.RemoveRange(size, batch.Count - size);
        }
        Run(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch));
        batch.Clear();
        lock (_gate)
        {
            _inLoop = false;
            if (!_disposed && _queue.TryPeek(out _, out var next)) Arm(next);
        }
    }

    internal void Run(ReadOnlySpan<DueSchedulerEntry> entries)
    {
        foreach (var (entry, version, due) in entries)
        {
            try
            {
                entry.Check.OnDue(version, entry.Kind, due);
            }
            catch (Exception e)
            {
                // A bug in one check must not stop the loop for all the others.
                Log.LoopError(_logger, entry.Check.Name, e);
            }
        }
    }

    // Under _gate.
    private void Arm(long due)
    {
        _armedFor = due;
        _wakeup.Arm(due);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SchedulerError, Level = LogLevel.Error, Message = "Check {Check}: the scheduler loop caught an error; the other checks go on")]
        public static partial void LoopError(ILogger logger, string check, Exception exception);
    }
}
