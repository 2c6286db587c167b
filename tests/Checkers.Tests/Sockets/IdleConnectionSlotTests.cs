using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Sockets;
using LvsDirector.Checkers.Tests.Checks;
using static LvsDirector.Checkers.Tests.Checks.LoopbackTcpPeer;

namespace LvsDirector.Checkers.Tests.Sockets;

/// <summary>
/// A check keeps its TCP socket between probes: disconnected with a reset after an exchange that completed, connected
/// again by the next probe from a new port; closed instead after a failure, when the slot is disposed, or past the budget.
/// </summary>
public class IdleConnectionSlotTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Return_AfterAConnect_ResetsIt_NextOpenConnectsTheSameSocketAgainFromANewPort()
    {
        using var listener = Listen(out var target);
        using var slot = new IdleConnectionSlot();
        var endpoint = new CheckEndpoint(target);

        var first = CheckSockets.Open(endpoint, reuse: slot);
        await first.ConnectAsync(target, CancellationToken.None).AsTask().WaitAsync(Patience);
        using var acceptedFirst = await listener.AcceptAsync().WaitAsync(Patience);
        var inode = SocketInode(first.Descriptor);
        slot.Return(first);
        await AssertResetAsync(acceptedFirst);

        var second = CheckSockets.Open(endpoint, reuse: slot);
        // The same kernel socket, its pending ECONNRESET (left by the reset) cleared by the new connect.
        Assert.Equal(inode, SocketInode(second.Descriptor));
        await second.ConnectAsync(target, CancellationToken.None).AsTask().WaitAsync(Patience);
        using var acceptedSecond = await listener.AcceptAsync().WaitAsync(Patience);
        Assert.NotEqual(((IPEndPoint)acceptedFirst.RemoteEndPoint!).Port, ((IPEndPoint)acceptedSecond.RemoteEndPoint!).Port);
        second.Dispose();
        await AssertResetAsync(acceptedSecond);
    }

    [Fact]
    public async Task Dispose_ClosesTheKeptSocket_AndAConnectionReturnedLaterIsClosed()
    {
        using var listener = Listen(out var target);
        var slot = new IdleConnectionSlot();
        var endpoint = new CheckEndpoint(target);
        var kept = CheckSockets.Open(endpoint, reuse: slot);
        await kept.ConnectAsync(target, CancellationToken.None).AsTask().WaitAsync(Patience);
        var late = CheckSockets.Open(endpoint);
        await late.ConnectAsync(target, CancellationToken.None).AsTask().WaitAsync(Patience);
        var (keptInode, lateInode) = (SocketInode(kept.Descriptor), SocketInode(late.Descriptor));
        slot.Return(kept);

        slot.Dispose();
        slot.Return(late); // a probe that ends after its check stopped

        Assert.False(ProcessHoldsSocket(keptInode), "the kept socket is still open after the slot was disposed");
        Assert.False(ProcessHoldsSocket(lateInode), "a connection returned to a disposed slot was kept open");
        Assert.Null(slot.Take());
    }

    [Fact]
    public void Return_AConnectionNeverEstablished_ClosesIt()
    {
        using var slot = new IdleConnectionSlot();
        var connection = CheckSockets.Open(new CheckEndpoint(new IPEndPoint(IPAddress.Loopback, 9)));
        var inode = SocketInode(connection.Descriptor);

        slot.Return(connection);

        Assert.Null(slot.Take());
        Assert.False(ProcessHoldsSocket(inode));
    }

    [Fact]
    public async Task TcpChecker_ServerGoesAway_TheKeptSocketIsRefusedAndClosed_AFreshOneConnectsWhenItReturns()
    {
        using var listener = Listen(out var target);
        using var checker = new TcpChecker(new CheckEndpoint(target), TimeSpan.FromSeconds(5), TimeProvider.System);
        Task<CheckResult> Probe() => checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience);

        var up = await Probe();
        using var accepted = await listener.AcceptAsync().WaitAsync(Patience);
        await AssertResetAsync(accepted);
        listener.Dispose();
        var down = await Probe();
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.Bind(target);
        again.Listen(8);
        var back = await Probe();

        Assert.Equal((true, "connected"), (up.Success, up.Reason));
        Assert.Equal((false, $"TCP connection to {target} failed: connection refused"), (down.Success, down.Reason));
        Assert.Equal((true, "connected"), (back.Success, back.Reason));
    }

    [Fact]
    public async Task HttpFetch_ResponseReadToItsEnd_SocketKeptAndConnectionReset_MalformedResponse_SocketClosed()
    {
        using var server = new LoopbackHttpServer(awaitClientClose: true);
        server.Answer(LoopbackHttpServer.Status(200));
        server.Answer("garbage\r\n\r\n");
        var request = new HttpFetchRequest(new CheckEndpoint(server.EndPoint), "/", VirtualHost: null, HttpProtocolVersion.Http10, TimeSpan.FromSeconds(5));
        var fetcher = new HttpFetcher(TimeProvider.System);
        var bytes = Encoding.ASCII.GetBytes(HttpFetcher.BuildRequest(request));
        using var slot = new IdleConnectionSlot();
        Assert.True(fetcher.RunsOnEngine(request));

        var ok = await fetcher.FetchOnEngineAsync<HttpFetchResponse, AsIs<HttpFetchResponse>>(request, bytes, default, CancellationToken.None, slot)
            .AsTask().WaitAsync(Patience);
        Assert.Equal(200, ok.Head.StatusCode);
        Assert.Equal("reset", await server.ClientEnds.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        var kept = slot.Take();
        Assert.NotNull(kept);
        var inode = SocketInode(kept.Descriptor);
        slot.Return(kept); // back, unused: Take and Return leave it as it was

        await Assert.ThrowsAsync<HttpFetchException>(() =>
            fetcher.FetchOnEngineAsync<HttpFetchResponse, AsIs<HttpFetchResponse>>(request, bytes, default, CancellationToken.None, slot).AsTask().WaitAsync(Patience));

        Assert.Equal("reset", await server.ClientEnds.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Null(slot.Take());
        Assert.False(ProcessHoldsSocket(inode), "the socket of a failed exchange was kept open");
    }

    [Theory]
    [InlineData(1024L, 448L)]
    [InlineData(20000L, 9936L)]
    [InlineData(100L, 0L)]
    [InlineData(-1L, 0L)]
    [InlineData(long.MaxValue, int.MaxValue / 2 - 64L)]
    public void Budget_HalfTheSoftLimitLessAMargin(long softLimit, long expected) =>
        Assert.Equal(expected, IdleConnectionBudget.Compute(softLimit));

    // "socket:[inode]" of a descriptor of this process: names the kernel socket, whatever number the descriptor has.
    private static string SocketInode(int fd)
    {
        var target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        Assert.NotNull(target);
        Assert.StartsWith("socket:[", target);
        return target;
    }

    private static bool ProcessHoldsSocket(string inode) =>
        Directory.EnumerateFiles("/proc/self/fd").Any(fd => new FileInfo(fd).LinkTarget == inode);
}
