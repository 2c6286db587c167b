using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Sockets;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Tests.Sockets;

public class CheckConnectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static int NewSocket() => CheckConnection.Open(AddressFamily.InterNetwork);

    [Fact]
    public async Task ConnectAsync_Listener_Connects()
    {
        using var pair = await EnginePair.ConnectAsync();

        Assert.True(pair.Peer.Connected);
    }

    [Fact]
    public async Task ConnectAsync_ClosedPort_ConnectionRefused()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var connection = new CheckConnection(NewSocket());

        var error = await Assert.ThrowsAsync<SocketException>(() => connection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), CancellationToken.None).AsTask().WaitAsync(Patience));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Stream_ReadAfterPeerWrites_ContinuesOnAnEngineThreadAndSeesEof()
    {
        using var pair = await EnginePair.ConnectAsync();
        var (connection, peer) = (pair.Connection, pair.Peer);
        var buffer = new byte[64];

        var pending = connection.Stream.ReadAsync(buffer, CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted); // nothing sent yet: waiting on the engine
        var threadName = pending.ContinueWith(_ => Thread.CurrentThread.Name, TaskContinuationOptions.ExecuteSynchronously);
        await peer.SendAsync("hello"u8.ToArray());
        var read = await pending.WaitAsync(Patience);

        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        Assert.StartsWith("lvs-checks-", await threadName);
        await connection.Stream.WriteAsync("ping"u8.ToArray());
        var echoed = new byte[4];
        Assert.Equal(4, await peer.ReceiveAsync(echoed));
        peer.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await connection.Stream.ReadAsync(buffer, CancellationToken.None).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Stream_ReadCancelled_ThrowsOperationCanceled()
    {
        using var pair = await EnginePair.ConnectAsync();
        var (connection, peer) = (pair.Connection, pair.Peer);
        using var cts = new CancellationTokenSource();

        var pending = connection.Stream.ReadAsync(new byte[16], cts.Token).AsTask();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
    }

    [Fact]
    public async Task WaitAsync_TokenCancelledBetweenWaits_NextWaitWithItThrowsAndAWaitWithAnotherCompletes()
    {
        using var pair = await EnginePair.ConnectAsync();
        var readiness = pair.Connection.Readiness;
        using var cts = new CancellationTokenSource();
        await pair.Peer.SendAsync("a"u8.ToArray()); // never read: the socket stays readable
        await readiness.WaitAsync(Libc.EPOLLIN, cts.Token).AsTask().WaitAsync(Patience); // registers the token for the socket's life

        cts.Cancel(); // no wait pending: the registration's callback finds nothing to finish

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => readiness.WaitAsync(Libc.EPOLLIN, cts.Token).AsTask().WaitAsync(Patience));
        // The stale callback left the socket usable: a wait with another token completes when the socket is ready.
        await readiness.WaitAsync(Libc.EPOLLIN, CancellationToken.None).AsTask().WaitAsync(Patience);
    }

    [Fact]
    public async Task Stream_ReadPastTheEnginesStepTimeout_ThrowsTimeoutAndStaysTimedOut()
    {
        using var pair = await EnginePair.ConnectAsync();
        var readiness = pair.Connection.Readiness;

        readiness.BeginStep(TimeSpan.FromMilliseconds(50)); // the peer never writes
        var pending = pair.Connection.Stream.ReadAsync(new byte[16], CancellationToken.None).AsTask();

        await Assert.ThrowsAsync<TimeoutException>(() => pending.WaitAsync(Patience));
        Assert.True(readiness.TimedOut);
        readiness.EndStep();
        // The exchange has used its time: a later wait fails at once.
        await Assert.ThrowsAsync<TimeoutException>(() => pair.Connection.Stream.ReadAsync(new byte[16], CancellationToken.None).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task OnTimer_EntryOfAnEndedStep_IsIgnored()
    {
        using var pair = await EnginePair.ConnectAsync();
        var readiness = pair.Connection.Readiness;
        readiness.BeginStep(TimeSpan.FromHours(1)); // step 1
        readiness.EndStep();
        var buffer = new byte[16];
        var pending = pair.Connection.Stream.ReadAsync(buffer, CancellationToken.None).AsTask();

        ((IEngineTimer)readiness).OnTimer(1); // step 1's entry falling due after the step ended
        await pair.Peer.SendAsync("late"u8.ToArray());

        Assert.Equal(4, await pending.WaitAsync(Patience));
        Assert.False(readiness.TimedOut);
    }

    [Fact]
    public async Task Registration_SocketClosedAndSlotReused_OldRegistrationNoLongerMatches()
    {
        var engine = ReadinessEngine.First;
        var first = new SocketReadiness(engine, -1);
        var old = first.Registration;
        first.Dispose();
        using var pair = await EnginePair.ConnectAsync();

        var taken = Enumerable.Range(0, 4).Select(_ => new SocketReadiness(engine, -1)).ToList();

        // Every registration is told apart from the disposed one, whichever slot it took (the low half, never 0: that
        // is the engine's wake-up), and a later connection's events still reach it.
        Assert.All(taken, r => Assert.NotEqual(old, r.Registration));
        Assert.All(taken, r => Assert.NotEqual(0u, (uint)r.Registration));
        Assert.Equal(taken.Count, taken.Select(r => r.Registration).Distinct().Count());
        taken.ForEach(r => r.Dispose());
        await pair.Peer.SendAsync("ping"u8.ToArray());
        Assert.Equal(4, await pair.Connection.Stream.ReadAsync(new byte[16], CancellationToken.None).AsTask().WaitAsync(Patience));
    }
}
