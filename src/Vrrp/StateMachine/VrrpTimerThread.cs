using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// A <see cref="TimeProvider"/> whose timers all fire on one dedicated, highest-priority thread, so
/// VRRP adverts and master-down timers never wait for the thread pool, scripts, logging or other I/O
/// (keepalived's "A thread timer expired" failovers). Callbacks must be short; they run one at a time.
/// The largest lateness seen is kept in <see cref="MaxLag"/> for metrics.
/// </summary>
internal sealed partial class VrrpTimerThread : TimeProvider, IDisposable
{
    private static readonly TimeSpan LagWarning = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private readonly PriorityQueue<(Timer Timer, long Version), (long Due, long Sequence)> _queue = new();
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private long _sequence;
    private long _maxLagTicks;
    private bool _disposed;

    public VrrpTimerThread(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Loop) { IsBackground = true, Name = "vrrp-timers", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>The latest a timer has fired after its due time.</summary>
    public TimeSpan MaxLag => TimeSpan.FromSeconds((double)Interlocked.Read(ref _maxLagTicks) / Stopwatch.Frequency);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        if (Thread.CurrentThread != _thread) _thread.Join();
    }

    private void Schedule(Timer timer, long version, long due)
    {
        lock (_gate)
        {
            _queue.Enqueue((timer, version), (due, ++_sequence));
            Monitor.PulseAll(_gate);
        }
    }

    private void Loop()
    {
        Interop.VrrpLibc.TryMakeCurrentThreadRealtime(Interop.VrrpLibc.RealtimePriority);
        while (true)
        {
            Timer timer;
            long lag;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed) return;
                    if (!_queue.TryPeek(out var next, out var priority))
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }
                    if (next.Version != next.Timer.Version)
                    {
                        _queue.Dequeue();
                        continue;
                    }
                    var now = Stopwatch.GetTimestamp();
                    if (priority.Due > now)
                    {
                        var wait = Stopwatch.GetElapsedTime(now, priority.Due);
                        if (wait >= TimeSpan.FromMilliseconds(1))
                        {
                            // Monitor.Wait truncates to whole milliseconds: it wakes a little early, then the rest is slept below.
                            Monitor.Wait(_gate, wait);
                            continue;
                        }
                        // Less than a millisecond left: sleep it precisely (a timer added meanwhile waits at most this long).
                        Monitor.Exit(_gate);
                        try
                        {
                            Interop.VrrpLibc.SleepNanoseconds((long)(wait.TotalSeconds * 1_000_000_000));
                        }
                        finally
                        {
                            Monitor.Enter(_gate);
                        }
                        continue;
                    }
                    _queue.Dequeue();
                    timer = next.Timer;
                    lag = now - priority.Due;
                    timer.Fired(now);
                    break;
                }
            }
            if (lag > Interlocked.Read(ref _maxLagTicks)) Interlocked.Exchange(ref _maxLagTicks, lag);
            var lagTime = Stopwatch.GetElapsedTime(0, lag);
            if (lagTime > LagWarning) Log.TimerLate(_logger, lagTime.TotalMilliseconds);
            try
            {
                timer.Invoke();
            }
            catch (Exception ex)
            {
                // A failing callback must not stop every other instance's timers.
                Log.CallbackFailed(_logger, ex);
            }
        }
    }

    private sealed class Timer(VrrpTimerThread owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public long Version { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (_disposed) return false;
                Version++;
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                var due = Stopwatch.GetTimestamp() + (long)(Math.Max(0, dueTime.TotalSeconds) * Stopwatch.Frequency);
                owner.Schedule(this, Version, due);
                return true;
            }
        }

        /// <summary>Called under the owner's lock when the timer is dequeued: re-arms a periodic timer.</summary>
        public void Fired(long now)
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
                owner.Schedule(this, Version, now + (long)(_period.TotalSeconds * Stopwatch.Frequency));
        }

        public void Invoke()
        {
            if (!_disposed) callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                Version++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TimerThreadLag, LogLevel.Warning, "VRRP timer thread ran {LagMs:F1} ms late")]
        public static partial void TimerLate(ILogger logger, double lagMs);

        [LoggerMessage(EventIds.TimerCallbackFailed, LogLevel.Error, "a VRRP timer callback failed")]
        public static partial void CallbackFailed(ILogger logger, Exception exception);
    }
}
