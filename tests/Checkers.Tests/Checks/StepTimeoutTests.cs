using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Sockets;
using LvsDirector.Checkers.Tests.Sockets;
using LvsDirector.TestSupport;

namespace LvsDirector.Checkers.Tests.Checks;

public class StepTimeoutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_ManualClockPassesTheTimeout_ThrowsTimeoutNamingTheStep()
    {
        var time = new ManualTimeProvider();
        using var steps = new StepTimeout(TimeSpan.FromSeconds(3), time, CancellationToken.None);

        var pending = steps.RunAsync(async ct => { await Task.Delay(Timeout.Infinite, ct); return 0; }, "read");
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => pending.WaitAsync(Patience));
        Assert.Equal("read timeout after 3 s", error.Message);
    }

    [Fact]
    public async Task RunAsync_CallerCancelled_ThrowsOperationCanceledNotTimeout()
    {
        var time = new ManualTimeProvider();
        using var outer = new CancellationTokenSource();
        using var steps = new StepTimeout(TimeSpan.FromSeconds(3), time, outer.Token);

        var pending = steps.RunAsync(async ct => { await Task.Delay(Timeout.Infinite, ct); return 0; }, "read");
        outer.Cancel();
        time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
    }

    [Fact]
    public async Task RunAsync_SystemClockAndAnEngineSocket_EngineTimesTheStep()
    {
        using var pair = await EnginePair.ConnectAsync(); // the peer never writes
        var connection = pair.Connection;
        using var steps = new StepTimeout(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None, connection.Readiness);

        // No timer token: the engine's heap fails the socket's wait.
        Assert.False(steps.Token.CanBeCanceled);
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => steps.RunAsync(ct => connection.Stream.ReadAsync(new byte[16], ct).AsTask(), "read").WaitAsync(Patience));
        Assert.Equal("read timeout after 0.05 s", error.Message);
    }

    [Fact]
    public async Task ReadAsync_EngineSocketWithDataThere_CompletesAtOnceAndTimesOnlyAWait()
    {
        using var pair = await EnginePair.ConnectAsync();
        var (connection, peer) = (pair.Connection, pair.Peer);
        using var steps = new StepTimeout(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None, connection.Readiness);
        await steps.WriteAsync(connection.Stream, "ping"u8.ToArray()).AsTask().WaitAsync(Patience);
        var echoed = new byte[4];
        Assert.Equal(4, await peer.ReceiveAsync(echoed).WaitAsync(Patience));
        await peer.SendAsync("pong"u8.ToArray()).WaitAsync(Patience);
        var buffer = new byte[16];
        var read = 0;
        while (read == 0)
        {
            // Until the peer's bytes have crossed loopback, the read waits (timed); once there, it completes at once.
            var pending = steps.ReadAsync(connection.Stream, buffer);
            var complete = pending.IsCompletedSuccessfully;
            read = await pending.AsTask().WaitAsync(Patience);
            if (complete) Assert.False(connection.Readiness.TimedOut);
        }

        Assert.Equal("pong", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        // The peer never writes again: the next read waits, and the engine times it out.
        await Assert.ThrowsAsync<TimeoutException>(() => steps.ReadAsync(connection.Stream, buffer).AsTask().WaitAsync(Patience));
    }
}
