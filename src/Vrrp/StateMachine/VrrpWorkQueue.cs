using System.Collections.Concurrent;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// Hands work (tracking results, sync-group steps) to the VRRP thread: actions are queued by any
/// thread and run in order, one at a time, from a zero-delay timer of the VRRP clock, so nothing
/// but these short actions ever runs there and no caller holds an instance lock while they run.
/// </summary>
internal sealed class VrrpWorkQueue(TimeProvider vrrpTime, Action<Exception> onError)
{
    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly object _gate = new();
    private ITimer? _timer;

    public void Post(Action action)
    {
        _queue.Enqueue(action);
        lock (_gate)
        {
            if (_timer is not null) return;
            _timer = vrrpTime.CreateTimer(static s => ((VrrpWorkQueue)s!).Drain(), this, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void Drain()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
        while (_queue.TryDequeue(out var action))
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                onError(ex);
            }
        }
    }
}
