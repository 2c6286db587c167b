namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>
/// A clock that moves only when told and timers that fire only when the test calls <see cref="Fire"/>,
/// whatever their due time: a test can fire a callback that is no longer due (a race on the real timer
/// thread), and arming or firing allocates nothing, so allocation tests can run the state machine on it.
/// </summary>
internal sealed class HandFiredTimeProvider : TimeProvider
{
    private readonly List<Timer> _timers = new();

    public override long TimestampFrequency => 1_000_000_000;

    public long Now { get; set; } = 1_000_000_000;

    public override long GetTimestamp() => Now;

    public int TimersCreated => _timers.Count;

    /// <summary>When the last timer created falls due, in timestamp units; null if it is not armed.</summary>
    public long? Due => _timers.Count == 0 ? null : _timers[^1].Due;

    public void Advance(TimeSpan delta) => Now += (long)(delta.TotalSeconds * TimestampFrequency);

    /// <summary>Invokes the last timer's callback now, as a timer thread that dequeued it would.</summary>
    public void Fire() => _timers[^1].Invoke();

    /// <summary>Moves the clock to the last timer's due time and fires it.</summary>
    public void AdvanceToDueAndFire()
    {
        Now = Due ?? throw new InvalidOperationException("no timer armed");
        Fire();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(HandFiredTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? Due { get; private set; }

        public void Invoke() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner.Now + (long)(dueTime.TotalSeconds * owner.TimestampFrequency);
            return true;
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
