using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Sockets;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// One check in the <see cref="CheckScheduler"/> loop. The next probe is queued only after the probe and its result
/// handling complete, so probes never overlap and the interval runs from the end of the last one (keepalived's
/// delay_loop). Each probe is an independent async operation; the loop cancels it and records a failure at its
/// total deadline (even a probe that ignores its token cannot hold the schedule past it), and disposal cancels it.
/// A hung server therefore never delays another check.
/// </summary>
internal sealed partial class ScheduledCheck : IDisposable
{
    private readonly CheckScheduler _scheduler;
    private readonly IHealthCheck _probe;
    private readonly TimeProvider _timeProvider;
    private readonly Func<TimeSpan> _deadline;
    private readonly Func<CheckResult, TimeSpan> _onCompleted;
    private readonly bool _startInline;
    private readonly object _gate = new();
    private readonly SchedulerEntry _start;
    private readonly SchedulerEntry _deadlineEntry;
    // One token source per check, reset after each probe that was not cancelled: a probe costs no allocation or timer for its token.
    private CancellationTokenSource? _probeCancellation;
    // Runs the probes (one at a time but for an abandoned one, which keeps its own): no task per probe.
    private ProbeWaiter _waiter;
    private bool _running;
    private bool _disposed;
    private bool _waitingForLoop;
    // Suspended (ha_suspend): a start falling due does not probe and nothing re-arms until Resume.
    private bool _parked;
    private long _lastCompleted;
    // The start entry carries _armed; the deadline entry carries the probe number. Both only grow.
    private long _armed;
    private long _probes;
    private long _completedProbe;
    private long _probeStart;
    private TimeSpan _probeDeadline;

    internal ScheduledCheck(CheckScheduler scheduler, IHealthCheck probe, TimeSpan initialDelay, Func<TimeSpan> deadline,
        Func<CheckResult, TimeSpan> onCompleted, string name, bool startInline, bool parked = false)
    {
        _scheduler = scheduler;
        _probe = probe;
        _timeProvider = scheduler.TimeProvider;
        _deadline = deadline;
        _onCompleted = onCompleted;
        _startInline = startInline;
        _start = new SchedulerEntry(this, SchedulerEntryKind.Start);
        _deadlineEntry = new SchedulerEntry(this, SchedulerEntryKind.Deadline);
        Name = name;
        _waiter = new ProbeWaiter(this);
        lock (_gate)
        {
            _lastCompleted = _timeProvider.GetTimestamp();
            _parked = parked;
            if (!parked) Arm(_lastCompleted, initialDelay);
        }
    }

    /// <summary>The check as logged: service, real server, kind and target.</summary>
    public string Name { get; }

    /// <summary>Probes started so far.</summary>
    public long ProbeCount => Interlocked.Read(ref _probes);

    /// <summary>
    /// A reload changed delay_loop: if the check is waiting out its loop, the next probe moves to
    /// last completion + <paramref name="period"/>; otherwise the new period applies from the next completion.
    /// </summary>
    public void ChangePeriod(TimeSpan period)
    {
        lock (_gate)
        {
            if (_disposed || _parked || _running || !_waitingForLoop) return;
            Arm(_lastCompleted, period);
        }
    }

    /// <summary>
    /// Stops probing until <see cref="Resume"/>: the next start is dropped and a probe in flight is not followed by
    /// another (its result still reaches the owner, which decides whether it counts).
    /// </summary>
    public void Park()
    {
        lock (_gate)
        {
            if (_disposed || _parked) return;
            _parked = true;
            _waitingForLoop = false;
            _armed++; // a start entry being run now is stale
        }
        _scheduler.Cancel(_start);
    }

    /// <summary>Probes again, the first time after <paramref name="delay"/> (or after the probe still in flight, if any).</summary>
    public void Resume(TimeSpan delay)
    {
        lock (_gate)
        {
            if (_disposed || !_parked) return;
            _parked = false;
            if (!_running) Arm(_timeProvider.GetTimestamp(), delay);
        }
    }

    public void Dispose()
    {
        CancellationTokenSource? running;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _armed++; // a start entry being run now is stale
            running = _running ? _probeCancellation : null;
        }
        _scheduler.Cancel(_start);
        // Not disposed: the probe still running holds its token.
        running?.Cancel();
        // What the check keeps between probes (a TCP socket): a probe still running closes its own when it ends.
        (_probe as IDisposable)?.Dispose();
    }

    /// <summary>Called by the loop when one of this check's entries falls due at <paramref name="due"/>.</summary>
    internal void OnDue(long version, SchedulerEntryKind kind, long due)
    {
        if (kind == SchedulerEntryKind.Deadline)
        {
            OnDeadline(version);
            return;
        }
        ProbeWaiter waiter;
        lock (_gate)
        {
            if (_disposed || _parked || _running || version != _armed) return;
            _running = true;
            _waitingForLoop = false;
            _probes++;
            _probeStart = EngineClock.GetTimestamp(_timeProvider);
            _probeDeadline = _deadline();
            _probeCancellation ??= new CancellationTokenSource();
            _scheduler.Statistics.ProbeStarted(_timeProvider.GetElapsedTime(due, _probeStart));
            if (_probeDeadline != Timeout.InfiniteTimeSpan)
            {
                _scheduler.Add(_deadlineEntry, _probes, _scheduler.After(_probeStart, _probeDeadline));
            }
            // Still held by an abandoned probe (its deadline passed, it ignores its token): the check moves to a new one.
            if (!_waiter.TryAcquire())
            {
                _waiter = new ProbeWaiter(this);
                _waiter.TryAcquire();
            }
            waiter = _waiter;
            waiter.Prepare(_probes, _probeCancellation.Token);
        }
        if (_startInline) waiter.Run();
        else ThreadPool.UnsafeQueueUserWorkItem(waiter, preferLocal: false);
    }

    // From the probe's waiter: its result, or the exception it ended with (thrown at once or from its task).
    private void ProbeEnded(long probe, CancellationToken token, CheckResult? result, Exception? error)
    {
        if (error is OperationCanceledException && token.IsCancellationRequested)
        {
            // Stopped (Complete ignores it) or the deadline, which has completed the probe already or is about to.
            result = DeadlineFailure(probe);
        }
        else if (error is not null)
        {
            Log.ProbeError(_scheduler.Logger, Name, error);
            result = CheckResult.Fail("probe error: " + error.Message, ElapsedSinceStart(probe));
        }
        Complete(probe, result!);
    }

    private void OnDeadline(long probe)
    {
        CancellationTokenSource? cancellation;
        lock (_gate)
        {
            if (!_running || probe != _probes || _completedProbe == probe) return;
            // Detached before it is cancelled outside the lock, so that a completion racing with this one cannot
            // reset it and hand it, cancelled a moment later, to the next probe.
            cancellation = _probeCancellation;
            _probeCancellation = null;
        }
        cancellation?.Cancel();
        Complete(probe, DeadlineFailure(probe));
    }

    private CheckResult DeadlineFailure(long probe) =>
        CheckResult.Fail($"deadline of {_probeDeadline.TotalSeconds:0.###} s exceeded", ElapsedSinceStart(probe));

    private TimeSpan ElapsedSinceStart(long probe)
    {
        lock (_gate) return probe == _probes ? EngineClock.GetElapsedTime(_timeProvider, _probeStart) : TimeSpan.Zero;
    }

    // The first of the probe's own completion and its deadline wins; the other is ignored.
    private void Complete(long probe, CheckResult result)
    {
        lock (_gate)
        {
            if (probe != _probes || _completedProbe == probe) return;
            _completedProbe = probe;
            // Completed in time: its deadline entry must not wake the loop later.
            if (_deadlineEntry.IsQueued) _scheduler.Cancel(_deadlineEntry);
            _scheduler.Statistics.ProbeCompleted(EngineClock.GetElapsedTime(_timeProvider, _probeStart));
            if (_disposed)
            {
                _running = false;
                return;
            }
        }

        TimeSpan next;
        try
        {
            next = _onCompleted(result);
        }
        catch (Exception e)
        {
            // Never let a bug in result handling stop the check silently: log and keep probing.
            Log.CompletionError(_scheduler.Logger, Name, e);
            next = _deadline();
        }

        lock (_gate)
        {
            _running = false;
            // A cancelled source cannot be reused; an abandoned probe may still hold it.
            if (_probeCancellation is { } cancellation && !cancellation.TryReset()) _probeCancellation = null;
            if (_disposed || _parked) return;
            _lastCompleted = EngineClock.GetTimestamp(_timeProvider);
            _waitingForLoop = true;
            // Infinite (a one-shot run) is never queued; any other negative value means "now".
            if (next != Timeout.InfiniteTimeSpan) Arm(_lastCompleted, next < TimeSpan.Zero ? TimeSpan.Zero : next);
        }
    }

    // Under _gate.
    private void Arm(long from, TimeSpan delay)
    {
        _armed++;
        var due = _scheduler.After(from, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        _scheduler.Add(_start, _armed, due);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ProbeError, Level = LogLevel.Error, Message = "Check {Check}: probe threw")]
        public static partial void ProbeError(ILogger logger, string check, Exception exception);

        [LoggerMessage(EventId = EventIds.CompletionError, Level = LogLevel.Error, Message = "Check {Check}: handling the result failed; rescheduling")]
        public static partial void CompletionError(ILogger logger, string check, Exception exception);
    }
}
