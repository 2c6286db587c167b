namespace LvsDirector.Checkers.Checks;

/// <summary>
/// Times the successive steps of one exchange (write, TLS handshake, each read), each within the same timeout, with one
/// timer from the injected <see cref="TimeProvider"/> re-armed per step instead of a new timer and token source per step.
/// A step that overruns throws <see cref="TimeoutException"/> naming it; the caller's token (the deadline, a stop) passes through.
/// </summary>
internal sealed class StepTimeout : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public StepTimeout(TimeSpan timeout, TimeProvider timeProvider, CancellationToken outer)
    {
        _timeout = timeout;
        _outer = outer;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, outer);
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, string what)
    {
        _timer.CancelAfter(_timeout);
        try
        {
            return await step(_linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_timer.IsCancellationRequested && !_outer.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} timeout after {_timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            // Disarmed between steps. Once it has fired the source stays cancelled: the exchange has used its time.
            if (!_timer.IsCancellationRequested) _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
