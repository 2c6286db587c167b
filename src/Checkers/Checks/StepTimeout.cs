using System.Runtime.CompilerServices;
using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// Times the successive steps of one exchange (connect, write, TLS handshake, each read), each within the same timeout.
/// A step that overruns throws <see cref="TimeoutException"/> naming it; the caller's token (the deadline, a stop) passes through.
/// <para>
/// Two clocks, one behaviour. In production (<see cref="TimeProvider.System"/> and a connection on a
/// <see cref="ReadinessEngine"/>) the engine's heap times the steps: the step's waits fail when it passes, on the
/// socket's own thread, with no .NET timer or token source per probe. With any other <see cref="TimeProvider"/> (tests),
/// or for sockets outside the engine (UDP, ICMP), one timer from the provider is re-armed per step and cancels the
/// step's token.
/// </para>
/// <para>A struct: on the engine's path it holds only references and allocates nothing per probe. Copies share the
/// timer; only the one that made it disposes it.</para>
/// </summary>
internal readonly struct StepTimeout : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _outer;
    private readonly SocketReadiness? _engine;
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenSource? _linked;

    public StepTimeout(TimeSpan timeout, TimeProvider timeProvider, CancellationToken outer, SocketReadiness? readiness = null)
    {
        _timeout = timeout;
        _outer = outer;
        if (readiness is not null && timeProvider == TimeProvider.System)
        {
            _engine = readiness;
            return;
        }
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, outer);
    }

    /// <summary>The token a step must observe: the caller's, plus the step timer's when the engine does not time it.</summary>
    public CancellationToken Token => _linked?.Token ?? _outer;

    /// <summary>Whether a step has overrun (and the caller has not been cancelled, which takes precedence).</summary>
    public bool Overran => !_outer.IsCancellationRequested && (_engine?.TimedOut ?? _timer!.IsCancellationRequested);

    /// <summary>Arms the timeout for one step.</summary>
    public void Begin()
    {
        if (_engine is not null) _engine.BeginStep(_timeout);
        else _timer!.CancelAfter(_timeout);
    }

    /// <summary>Disarms it between steps. Once it has fired it stays fired: the exchange has used its time.</summary>
    public void End()
    {
        if (_engine is not null) _engine.EndStep();
        else if (!_timer!.IsCancellationRequested) _timer.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>The error for a step that overran.</summary>
    public TimeoutException Overrun(string what) => new($"{what} timeout after {_timeout.TotalSeconds:0.###} s");

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, string what)
    {
        Begin();
        try
        {
            return await step(Token).ConfigureAwait(false);
        }
        catch (Exception) when (Overran)
        {
            throw Overrun(what);
        }
        finally
        {
            End();
        }
    }

    /// <summary>
    /// One read within the timeout: <see cref="RunAsync{T}"/> without a delegate and its task (an HTTP probe's hot path).
    /// On an engine socket whose data is already there (most reads of a response) nothing waits, so no step is timed.
    /// <see cref="HttpFetcher"/>'s engine path writes this step out (see its FetchOnEngineAsync).
    /// </summary>
    public ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer)
    {
        if (_engine is null || stream is not ReadinessStream direct) return ReadTimedAsync(stream, null, buffer);
        return direct.TryRead(buffer.Span, out var read) ? new ValueTask<int>(read) : ReadTimedAsync(stream, direct, buffer);
    }

    // afterTry: the engine stream that has just found nothing, which then waits before it reads again.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadTimedAsync(Stream stream, ReadinessStream? afterTry, Memory<byte> buffer)
    {
        Begin();
        try
        {
            return afterTry is not null
                ? await afterTry.ReadAfterWaitAsync(buffer, Token).ConfigureAwait(false)
                : await stream.ReadAsync(buffer, Token).ConfigureAwait(false);
        }
        catch (Exception) when (Overran)
        {
            throw Overrun("read");
        }
        finally
        {
            End();
        }
    }

    /// <summary>One write (and flush) within the timeout, as <see cref="ReadAsync"/>: on an engine socket with room for it, untimed.</summary>
    public ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> data)
    {
        if (_engine is not null && stream is ReadinessStream direct)
        {
            var sent = direct.TryWrite(data.Span);
            if (sent == data.Length) return default;
            data = data[sent..];
        }
        return WriteTimedAsync(stream, data);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteTimedAsync(Stream stream, ReadOnlyMemory<byte> data)
    {
        Begin();
        try
        {
            await stream.WriteAsync(data, Token).ConfigureAwait(false);
            await stream.FlushAsync(Token).ConfigureAwait(false);
        }
        catch (Exception) when (Overran)
        {
            throw Overrun("write");
        }
        finally
        {
            End();
        }
    }

    public void Dispose()
    {
        _linked?.Dispose();
        _timer?.Dispose();
    }
}
