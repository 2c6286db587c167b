namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Runs an action on the thread pool when asked, one run at a time: requests that arrive during a run
/// coalesce into exactly one more run (a burst of netlink events costs two kernel dumps, not one per event).
/// </summary>
internal sealed class CoalescedWork(Action work, Action<Exception> onError)
{
    private readonly object _gate = new();
    private bool _running;
    private bool _again;

    public void Request()
    {
        lock (_gate)
        {
            if (_running)
            {
                _again = true;
                return;
            }
            _running = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.Run(), this, preferLocal: false);
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                work();
            }
            catch (Exception ex)
            {
                onError(ex);
            }
            lock (_gate)
            {
                if (!_again)
                {
                    _running = false;
                    return;
                }
                _again = false;
            }
        }
    }
}
