using System.Threading.Tasks.Sources;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// Waits, one at a time, for a checker socket to become readable or writable on a <see cref="ReadinessEngine"/>.
/// The awaiting code continues on the engine thread (continuations are not forced onto the thread pool); a
/// cancelled token ends the wait with <see cref="OperationCanceledException"/>. A step begun with
/// <see cref="BeginStep"/> is timed by the engine's heap (no .NET timer): when it passes, the pending wait and every
/// later one fail with <see cref="TimeoutException"/>.
/// </summary>
internal sealed class SocketReadiness : IValueTaskSource, IDisposable, IEngineTimer
{
    private const int Idle = 0;
    private const int Waiting = 1;

    private readonly ReadinessEngine _engine;
    private readonly int _fd;
    private readonly EngineTimerEntry _timeout;
    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _cancellation;
    private bool _added;
    private int _state;
    // Steps begun; the engine's timeout entry carries the step it was queued for.
    private long _step;
    private volatile bool _timedOut;
    // What epoll reported for the last wait that ended ready (0 until then, and while a wait is pending).
    private uint _readyEvents;

    /// <param name="fd">The socket's descriptor; the caller keeps the socket open while this is used.</param>
    public SocketReadiness(ReadinessEngine engine, int fd)
    {
        _engine = engine;
        _fd = fd;
        engine.Add(this);
        _timeout = new EngineTimerEntry(this);
    }

    /// <summary>Its registration on the engine (epoll's user data for its events); set by <see cref="ReadinessEngine.Add"/>.</summary>
    internal ulong Registration { get; set; }

    /// <summary>
    /// The events epoll reported when the last wait ended ready (EPOLLOUT, EPOLLIN, EPOLLERR, EPOLLHUP: epoll reports the
    /// last two whatever was asked); 0 for a wait that has not ended so.
    /// </summary>
    public uint ReadyEvents => _readyEvents;

    /// <summary>True once a step has overrun its timeout; the connection has used its time.</summary>
    public bool TimedOut => _timedOut;

    /// <summary>Starts a step that must finish within <paramref name="timeout"/>, timed by the engine's clock.</summary>
    public void BeginStep(TimeSpan timeout)
    {
        var step = Interlocked.Increment(ref _step);
        _engine.Schedule(_timeout, step, ReadinessEngine.TimestampAfter(timeout));
    }

    /// <summary>Ends the current step: its timeout entry leaves the engine's heap (and is ignored if it is falling due right now).</summary>
    public void EndStep()
    {
        Interlocked.Increment(ref _step);
        if (_timeout.IsQueued) _engine.Cancel(_timeout);
    }

    /// <summary>Completes when the socket reports one of <paramref name="events"/> (EPOLLIN, EPOLLOUT), an error or a hang-up.</summary>
    public ValueTask WaitAsync(uint events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _core.Reset();
        _readyEvents = 0;
        Volatile.Write(ref _state, Waiting);
        if (cancellationToken.CanBeCanceled)
        {
            // One registration per token for the socket's life (a probe's waits share its token), not one per wait: a
            // cancellation between two waits finds no wait, and the check below (after the state is Waiting) sees it.
            if (_cancellation.Token != cancellationToken)
            {
                _cancellation.Dispose();
                _cancellation = cancellationToken.UnsafeRegister(static (s, token) => ((SocketReadiness)s!).Finish(new OperationCanceledException(token)), this);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                Finish(new OperationCanceledException(cancellationToken));
                return new ValueTask(this, _core.Version);
            }
        }
        try
        {
            // After the state is Waiting: a timeout that fires from now on finishes this wait itself.
            if (_timedOut) throw new TimeoutException();
            _engine.Arm(_fd, Registration, events, add: !_added);
            _added = true;
        }
        catch (Exception e)
        {
            Finish(e);
        }
        return new ValueTask(this, _core.Version);
    }

    internal void OnReady(uint events)
    {
        // Written before the wait completes, read by its continuation after: the completion orders the two.
        _readyEvents = events;
        Finish(null);
    }

    internal void Fail(Exception error) => Finish(error);

    void IEngineTimer.OnTimer(long version)
    {
        if (version != Volatile.Read(ref _step)) return;
        _timedOut = true;
        Finish(new TimeoutException());
    }

    /// <summary>
    /// Readies a socket whose exchange ended (disconnected, kept for the next probe): no step is timed and the cancellation
    /// registration goes (the probe's token source is reset between probes, which drops its registrations, so the next
    /// wait must register anew). Its epoll registration stays, disarmed (one-shot) until the next wait.
    /// </summary>
    public void PrepareForReuse()
    {
        EndStep();
        _cancellation.Dispose();
        _cancellation = default;
    }

    public void Dispose()
    {
        EndStep();
        _engine.Remove(Registration);
        _cancellation.Dispose();
    }

    private void Finish(Exception? error)
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Waiting) != Waiting) return;
        if (error is null) _core.SetResult(true);
        else _core.SetException(error);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
