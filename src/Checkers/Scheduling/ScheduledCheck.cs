using LvsDirector.Checkers.Checks;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// One check's timer: a one-shot ITimer from the injected TimeProvider, re-armed only after the probe and its
/// result handling complete, so probes never overlap and the interval runs from the end of the last one.
/// Each probe is an independent async operation cancelled at its total deadline or when the check stops;
/// a hung server therefore never delays another check.
/// </summary>
internal sealed partial class ScheduledCheck : IDisposable
{
    private readonly IHealthCheck _probe;
    private readonly TimeProvider _timeProvider;
    private readonly Func<TimeSpan> _deadline;
    private readonly Func<CheckResult, TimeSpan> _onCompleted;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly CancellationTokenSource _stopped = new();
    private readonly object _gate = new();
    private readonly ITimer _timer;
    private readonly CheckStatistics? _statistics;
    private bool _running;
    private bool _disposed;
    private long _lastCompleted;
    private bool _waitingForLoop;
    private long _probes;
    private long _armedAt;
    private TimeSpan _armedDelay;

    public ScheduledCheck(IHealthCheck probe, TimeProvider timeProvider, TimeSpan initialDelay, Func<TimeSpan> deadline,
        Func<CheckResult, TimeSpan> onCompleted, ILogger logger, string name, CheckStatistics? statistics = null)
    {
        _probe = probe;
        _timeProvider = timeProvider;
        _deadline = deadline;
        _onCompleted = onCompleted;
        _logger = logger;
        _name = name;
        _statistics = statistics;
        _lastCompleted = timeProvider.GetTimestamp();
        // Timers must not capture the caller's ExecutionContext (AsyncLocals of whoever applied the options).
        using (ExecutionContext.SuppressFlow())
        {
            _timer = timeProvider.CreateTimer(static s => ((ScheduledCheck)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        lock (_gate)
        {
            _waitingForLoop = false;
            Arm(initialDelay);
        }
    }

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
            if (_disposed || _running || !_waitingForLoop) return;
            var due = period - _timeProvider.GetElapsedTime(_lastCompleted);
            Arm(due < TimeSpan.Zero ? TimeSpan.Zero : due);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
        }
        // Not disposed: a probe still running holds its token.
        _stopped.Cancel();
    }

    private void OnTimer()
    {
        CancellationToken stopped;
        lock (_gate)
        {
            if (_disposed || _running) return;
            _running = true;
            stopped = _stopped.Token;
            _statistics?.ProbeStarted(_timeProvider.GetElapsedTime(_armedAt) - _armedDelay);
        }
        _ = RunAsync(stopped);
    }

    private async Task RunAsync(CancellationToken stopped)
    {
        Interlocked.Increment(ref _probes);
        var deadline = _deadline();
        CheckResult result;
        using (var deadlineCts = new CancellationTokenSource(deadline, _timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadlineCts.Token, stopped))
        {
            var start = _timeProvider.GetTimestamp();
            try
            {
                // WaitAsync: even a probe that ignores its token cannot hold the schedule past the deadline.
                result = await _probe.ProbeAsync(linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopped.IsCancellationRequested)
            {
                _statistics?.ProbeCompleted(_timeProvider.GetElapsedTime(start));
                return;
            }
            catch (OperationCanceledException) when (deadlineCts.IsCancellationRequested)
            {
                result = CheckResult.Fail($"deadline of {deadline.TotalSeconds:0.###} s exceeded", _timeProvider.GetElapsedTime(start));
            }
            catch (Exception e)
            {
                Log.ProbeError(_logger, _name, e);
                result = CheckResult.Fail("probe error: " + e.Message, _timeProvider.GetElapsedTime(start));
            }
            _statistics?.ProbeCompleted(_timeProvider.GetElapsedTime(start));
        }

        TimeSpan next;
        try
        {
            next = _onCompleted(result);
        }
        catch (Exception e)
        {
            // Never let a bug in result handling stop the check silently: log and keep probing.
            Log.CompletionError(_logger, _name, e);
            next = _deadline();
        }

        lock (_gate)
        {
            _running = false;
            if (_disposed) return;
            _lastCompleted = _timeProvider.GetTimestamp();
            _waitingForLoop = true;
            // Infinite (a one-shot run) stays infinite; any other negative value means "now".
            Arm(next == Timeout.InfiniteTimeSpan || next >= TimeSpan.Zero ? next : TimeSpan.Zero);
        }
    }

    // Under _gate.
    private void Arm(TimeSpan delay)
    {
        _armedAt = _timeProvider.GetTimestamp();
        _armedDelay = delay;
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ProbeError, Level = LogLevel.Error, Message = "Check {Check}: probe threw")]
        public static partial void ProbeError(ILogger logger, string check, Exception exception);

        [LoggerMessage(EventId = EventIds.CompletionError, Level = LogLevel.Error, Message = "Check {Check}: handling the result failed; rescheduling")]
        public static partial void CompletionError(ILogger logger, string check, Exception exception);
    }
}
