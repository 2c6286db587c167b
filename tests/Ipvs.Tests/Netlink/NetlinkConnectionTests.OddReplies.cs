using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Tests.Fakes;

namespace LvsDirector.Ipvs.Tests.Netlink;

// Truncated, inconsistent and stray replies at the transport level: each ends in a named error or is skipped, and
// the connection serves the next exchange.
public partial class NetlinkConnectionTests
{
    public enum Malformation
    {
        ShorterThanHeader,
        LengthBeyondDatagram,
        LengthBelowHeader,
    }

    private static byte[] Malformed(Malformation malformation, NetlinkMessageHeader request, uint portId)
    {
        var header = new byte[NetlinkMessageHeader.Size];
        switch (malformation)
        {
            case Malformation.ShorterThanHeader:
                return new byte[] { 0x10, 0, 0, 0, 0x20, 0, 0, 0 };
            case Malformation.LengthBeyondDatagram:
                new NetlinkMessageHeader(64, 0x20, NetlinkMessageFlags.Multi, request.Sequence, portId).Write(header);
                return NetlinkReplies.Concat(header, new byte[8]);
            default:
                new NetlinkMessageHeader(8, 0x20, NetlinkMessageFlags.Multi, request.Sequence, portId).Write(header);
                return header;
        }
    }

    [Theory]
    [InlineData(Exchange.Request, Malformation.LengthBeyondDatagram)]
    [InlineData(Exchange.Request, Malformation.LengthBelowHeader)]
    [InlineData(Exchange.Dump, Malformation.LengthBeyondDatagram)]
    [InlineData(Exchange.Dump, Malformation.LengthBelowHeader)]
    [InlineData(Exchange.Batch, Malformation.LengthBeyondDatagram)]
    [InlineData(Exchange.Batch, Malformation.LengthBelowHeader)]
    public async Task Exchange_MalformedDatagramStartingAsOurReply_ThrowsEbadmsgNamingOperationAndNextExchangeSucceeds(Exchange exchange, Malformation malformation)
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d => new[] { Malformed(malformation, FirstHeader(d), socket.PortId), Answer(exchange, d, socket.PortId, 1) };

        var e = await Assert.ThrowsAsync<NetlinkException>(() => RunAsync(exchange, connection, "get services").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(Errno.EBADMSG, e.Errno);
        Assert.Equal(malformation == Malformation.LengthBeyondDatagram
            ? "get services (malformed netlink datagram of 24 bytes): Bad message (EBADMSG)"
            : "get services (malformed netlink datagram of 16 bytes): Bad message (EBADMSG)", e.Message);
        // The rest of that reply is still queued: the next exchange skips it.
        Assert.Equal(1, socket.PendingReplies);
        await AssertNextExchangeAnsweredAsync(exchange, connection, socket);
    }

    [Theory]
    [InlineData(Exchange.Request, Malformation.ShorterThanHeader)]
    [InlineData(Exchange.Request, Malformation.LengthBeyondDatagram)]
    [InlineData(Exchange.Dump, Malformation.ShorterThanHeader)]
    [InlineData(Exchange.Dump, Malformation.LengthBelowHeader)]
    [InlineData(Exchange.Batch, Malformation.ShorterThanHeader)]
    [InlineData(Exchange.Batch, Malformation.LengthBeyondDatagram)]
    public async Task Exchange_MalformedDatagramNotStartingAsOurReply_IsSkippedAndTheRightReplyTaken(Exchange exchange, Malformation malformation)
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        // Too short to say whose it is, or a stale one: the sequence before ours.
        socket.Responder = d => new[] { Malformed(malformation, FirstHeader(d) with { Sequence = FirstHeader(d).Sequence - 1 }, socket.PortId), Answer(exchange, d, socket.PortId, 7) };

        var value = await RunAsync(exchange, connection, "get services").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(exchange == Exchange.Batch ? 0u : 7u, value);
        Assert.Equal(0, socket.PendingReplies);
    }

    [Theory]
    [InlineData(Exchange.Request)]
    [InlineData(Exchange.Dump)]
    [InlineData(Exchange.Batch)]
    public async Task Exchange_ErrorReplyShorterThanErrorCode_ThrowsEbadmsgAndNextExchangeSucceeds(Exchange exchange)
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            // nlmsg_len 18: 2 of the 4 bytes of the error code (the datagram is padded to 20).
            var error = new byte[NetlinkMessageHeader.Size + 4];
            new NetlinkMessageHeader(NetlinkMessageHeader.Size + 2, NetlinkMessageType.Error, NetlinkMessageFlags.None, NetlinkReplies.Split(d)[^1].Header.Sequence, socket.PortId).Write(error);
            error[NetlinkMessageHeader.Size] = 0xea;
            error[NetlinkMessageHeader.Size + 1] = 0xff;
            return new[] { error };
        };

        var e = await Assert.ThrowsAsync<NetlinkException>(() => RunAsync(exchange, connection, "get services").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(Errno.EBADMSG, e.Errno);
        Assert.Equal("get services (truncated error reply): Bad message (EBADMSG)", e.Message);
        await AssertNextExchangeAnsweredAsync(exchange, connection, socket);
    }

    [Theory]
    [InlineData(Exchange.Request)]
    [InlineData(Exchange.Batch)]
    public async Task Exchange_Overrun_ThrowsEnobufsNamingOperationAndNextExchangeSucceeds(Exchange exchange)
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d => new[] { Control(NetlinkMessageType.Overrun, NetlinkReplies.Split(d)[^1].Header.Sequence, socket.PortId), Answer(exchange, d, socket.PortId, 1) };

        var e = await Assert.ThrowsAsync<NetlinkException>(() => RunAsync(exchange, connection, "get services").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(Errno.ENOBUFS, e.Errno);
        Assert.Equal("get services (overrun, replies lost): No buffer space available (ENOBUFS)", e.Message);
        await AssertNextExchangeAnsweredAsync(exchange, connection, socket);
    }

    [Fact]
    public async Task DumpAsync_Overrun_RedumpsAndReturnsOnlyTheSecondDump()
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            var seq = FirstHeader(d).Sequence;
            return socket.Sent.Count == 1
                ? new[] { NetlinkReplies.Concat(Reply(seq, 1, socket.PortId, NetlinkMessageFlags.Multi), Control(NetlinkMessageType.Overrun, seq, socket.PortId)) }
                : new[] { Answer(Exchange.Dump, d, socket.PortId, 2) };
        };

        var messages = await connection.DumpAsync(Request(0x20, 1), "get services", CancellationToken.None);

        Assert.Equal(new uint[] { 2 }, messages.Select(ValueOf));
        Assert.Equal(1, connection.DumpRestarts);
    }

    // Empty control messages (NLMSG_DONE, NLMSG_OVERRUN) for stray replies.
    private static byte[] Control(ushort type, uint sequence, uint portId)
    {
        var message = new byte[NetlinkMessageHeader.Size];
        new NetlinkMessageHeader(NetlinkMessageHeader.Size, type, NetlinkMessageFlags.None, sequence, portId).Write(message);
        return message;
    }

    [Theory]
    [InlineData(Exchange.Request, false)]
    [InlineData(Exchange.Request, true)]
    [InlineData(Exchange.Dump, false)]
    [InlineData(Exchange.Dump, true)]
    [InlineData(Exchange.Batch, false)]
    [InlineData(Exchange.Batch, true)]
    public async Task Exchange_StrayRepliesBeforeTheRightOne_AreSkipped(Exchange exchange, bool wrongPortId)
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            // Everything a reply can be, each with the wrong sequence (the one before ours) or another socket's port id.
            var request = NetlinkReplies.Split(d)[^1].Header;
            var stray = wrongPortId ? request with { PortId = 555 } : request with { Sequence = FirstHeader(d).Sequence - 1 };
            uint seq = stray.Sequence, pid = wrongPortId ? 555u : socket.PortId;
            var strays = NetlinkReplies.Concat(
                Reply(seq, 99, pid, NetlinkMessageFlags.Multi),
                NetlinkReplies.Error(stray, -(int)Errno.EEXIST, pid),
                NetlinkReplies.Error(stray, 0, pid),
                NetlinkReplies.Done(seq, pid, -(int)Errno.EINVAL),
                Control(NetlinkMessageType.Overrun, seq, pid));
            return new[] { strays, Answer(exchange, d, socket.PortId, 7) };
        };

        var value = await RunAsync(exchange, connection, "get services").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(exchange == Exchange.Batch ? 0u : 7u, value);
        Assert.Equal(0, socket.PendingReplies);
    }

    [Fact]
    public async Task DumpAsync_DumpInterrupted_RedumpsAndReturnsOnlyTheSecondDump()
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            var seq = FirstHeader(d).Sequence;
            return socket.Sent.Count == 1
                ? new[]
                {
                    Reply(seq, 1, socket.PortId, NetlinkMessageFlags.Multi),
                    NetlinkReplies.Concat(Reply(seq, 2, socket.PortId, NetlinkMessageFlags.Multi | NetlinkMessageFlags.DumpInterrupted), NetlinkReplies.Done(seq, socket.PortId)),
                }
                : new[] { NetlinkReplies.Concat(Reply(seq, 3, socket.PortId, NetlinkMessageFlags.Multi), Reply(seq, 4, socket.PortId, NetlinkMessageFlags.Multi), NetlinkReplies.Done(seq, socket.PortId)) };
        };

        var messages = await connection.DumpAsync(Request(0x20, 1), "get services", CancellationToken.None);

        Assert.Equal(new uint[] { 3, 4 }, messages.Select(ValueOf));
        Assert.Equal(2, socket.Sent.Count);
        Assert.Equal(1, connection.DumpRestarts);
    }

    [Fact]
    public async Task DumpAsync_InterruptedEveryTime_ThrowsEintrAfterMaxAttemptsAndNextDumpSucceeds()
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            var seq = FirstHeader(d).Sequence;
            return new[] { NetlinkReplies.Concat(Reply(seq, 1, socket.PortId, NetlinkMessageFlags.Multi | NetlinkMessageFlags.DumpInterrupted), NetlinkReplies.Done(seq, socket.PortId)) };
        };

        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.DumpAsync(Request(0x20, 1), "get services", CancellationToken.None));

        Assert.Equal(Errno.EINTR, e.Errno);
        Assert.StartsWith("get services (dump interrupted by concurrent changes 4 times)", e.Message);
        Assert.Equal(NetlinkConnection.MaxDumpAttempts, socket.Sent.Count);
        await AssertNextExchangeAnsweredAsync(Exchange.Dump, connection, socket);
    }

    [Fact]
    public async Task DumpAsync_EnobufsAfterFirstPart_RedumpsSkippingTheStalePartsAndReturnsOnlyTheSecondDump()
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            var seq = FirstHeader(d).Sequence;
            if (socket.Sent.Count > 1) return new[] { Answer(Exchange.Dump, d, socket.PortId, 3) };
            // Part 1 arrives, then the queue overflows; what the kernel queued after the overflow is stale.
            socket.Enqueue(Reply(seq, 1, socket.PortId, NetlinkMessageFlags.Multi));
            socket.EnqueueFailure(new NetlinkException(Errno.ENOBUFS, "receive netlink reply (receive queue overflowed, replies lost)"));
            return new[] { NetlinkReplies.Concat(Reply(seq, 2, socket.PortId, NetlinkMessageFlags.Multi), NetlinkReplies.Done(seq, socket.PortId)) };
        };

        var messages = await connection.DumpAsync(Request(0x20, 1), "get services", CancellationToken.None);

        Assert.Equal(new uint[] { 3 }, messages.Select(ValueOf));
        Assert.Equal(1, connection.DumpRestarts);
        Assert.Equal(0, socket.PendingReplies);
    }

    [Fact]
    public async Task DumpAsync_EnobufsEveryTime_ThrowsEnobufsNamingTheDumpAfterMaxAttempts()
    {
        var socket = new FakeNetlinkSocket();
        using var connection = new NetlinkConnection(socket);
        socket.Responder = d =>
        {
            socket.EnqueueFailure(new NetlinkException(Errno.ENOBUFS, "receive netlink reply (receive queue overflowed, replies lost)"));
            return Array.Empty<byte[]>();
        };

        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.DumpAsync(Request(0x20, 1), "get services", CancellationToken.None));

        Assert.Equal(Errno.ENOBUFS, e.Errno);
        Assert.Equal("get services: receive netlink reply (receive queue overflowed, replies lost): No buffer space available (ENOBUFS)", e.Message);
        Assert.Equal(NetlinkConnection.MaxDumpAttempts, socket.Sent.Count);
        await AssertNextExchangeAnsweredAsync(Exchange.Dump, connection, socket);
    }
}
