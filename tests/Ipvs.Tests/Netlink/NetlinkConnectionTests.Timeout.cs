using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Tests.Fakes;
using LvsDirector.TestSupport;

namespace LvsDirector.Ipvs.Tests.Netlink;

// A reply that never comes: the wait is bounded by ReplyTimeout, and the connection is usable afterwards.
public partial class NetlinkConnectionTests
{
    // A connection on a manual clock that jumps past ReplyTimeout whenever the socket has nothing queued: a reply
    // that never comes times out at once, without sleeping.
    private static (FakeNetlinkSocket Socket, NetlinkConnection Connection) TimingOutWhenIdle()
    {
        var time = new ManualTimeProvider();
        var socket = new FakeNetlinkSocket();
        var connection = new NetlinkConnection(socket, timeProvider: time);
        socket.WhenIdle = () => time.Advance(connection.ReplyTimeout);
        return (socket, connection);
    }

    [Fact]
    public void Constructor_NoTimeoutGiven_WaitsThirtySecondsPerReply()
    {
        using var connection = new NetlinkConnection(new FakeNetlinkSocket());

        Assert.Equal(TimeSpan.FromSeconds(30), connection.ReplyTimeout);
    }

    [Fact]
    public async Task RequestAsync_NoReply_ThrowsEtimedoutWhenReplyTimeoutPasses()
    {
        var time = new ManualTimeProvider();
        using var connection = new NetlinkConnection(new FakeNetlinkSocket(), replyTimeout: TimeSpan.FromSeconds(5), timeProvider: time);

        var request = connection.RequestAsync(Request(0x20, 1), "get IPVS info", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, time.ActiveTimerCount); // still waiting
        Assert.False(request.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var e = await Assert.ThrowsAsync<NetlinkException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Errno.ETIMEDOUT, e.Errno);
        Assert.Equal("get IPVS info (no reply from the kernel within 5 s): Connection timed out (ETIMEDOUT)", e.Message);
    }

    [Fact]
    public async Task RequestAsync_AfterTimeout_LateReplyIsSkippedAndNextRequestGetsItsOwn()
    {
        var (socket, connection) = TimingOutWhenIdle();
        using var _ = connection;
        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.RequestAsync(Request(0x20, 1), "get first", CancellationToken.None));
        Assert.Equal(Errno.ETIMEDOUT, e.Errno);

        // The first request's answer arrives late, ahead of the second's.
        var late = FirstHeader(socket.Sent[0]);
        socket.Enqueue(NetlinkReplies.Concat(Reply(late.Sequence, 1, socket.PortId), NetlinkReplies.Error(late, 0, socket.PortId)));
        socket.Responder = d => new[] { Reply(FirstHeader(d).Sequence, 2, socket.PortId), NetlinkReplies.Error(FirstHeader(d), 0, socket.PortId) };
        var reply = await connection.RequestAsync(Request(0x20, 1), "get second", CancellationToken.None);

        Assert.Equal(2u, ValueOf(reply));
        Assert.Equal(0, socket.PendingReplies);
    }

    [Fact]
    public async Task ExecuteAsync_BarrierAckNeverComes_TimesOutAndLateErrorIsNotTakenForTheNextRequest()
    {
        var (socket, connection) = TimingOutWhenIdle();
        using var _ = connection;
        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.ExecuteAsync(Request(0x20, 1), "add service TCP 192.0.2.1:80", CancellationToken.None));
        Assert.Equal("add service TCP 192.0.2.1:80 (no reply from the kernel within 30 s): Connection timed out (ETIMEDOUT)", e.Message);

        // Late: the first request's error and its barrier's ACK. The next request succeeds.
        var late = NetlinkReplies.Split(socket.Sent[0]).Select(m => m.Header).ToList();
        socket.Enqueue(NetlinkReplies.Concat(NetlinkReplies.Error(late[0], -(int)Errno.EEXIST, socket.PortId), NetlinkReplies.Error(late[1], 0, socket.PortId)));
        socket.Responder = Kernel(socket, _ => 0);
        await connection.ExecuteAsync(Request(0x20, 1), "add service TCP 192.0.2.2:80", CancellationToken.None);

        Assert.Equal(0, socket.PendingReplies);
    }

    [Fact]
    public async Task DumpAsync_StallsAfterFirstPart_TimesOutNamingTheDump()
    {
        var (socket, connection) = TimingOutWhenIdle();
        using var _ = connection;
        socket.Responder = d => new[] { Reply(FirstHeader(d).Sequence, 1, socket.PortId, NetlinkMessageFlags.Multi) };

        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.DumpAsync(Request(0x20, 1), "get services", CancellationToken.None));

        Assert.Equal(Errno.ETIMEDOUT, e.Errno);
        Assert.StartsWith("get services (no reply", e.Message);
    }

    [Fact]
    public async Task RequestAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        var time = new ManualTimeProvider();
        using var connection = new NetlinkConnection(new FakeNetlinkSocket(), timeProvider: time);
        using var cancel = new CancellationTokenSource();

        var request = connection.RequestAsync(Request(0x20, 1), "get IPVS info", cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
