using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Tests.Fakes;

namespace LvsDirector.Ipvs.Tests.Netlink;

public partial class NetlinkConnectionTests
{
    // A protocol message (type 0x20) carrying one u32 attribute, as a reply or dump part.
    private static byte[] Reply(uint sequence, uint value, uint portId, NetlinkMessageFlags flags = NetlinkMessageFlags.None)
    {
        var w = new NetlinkAttributeWriter();
        w.BeginMessage(0x20, flags, sequence, portId);
        w.WriteUInt32(1, value);
        w.EndMessage();
        return w.ToArray();
    }

    private static uint ValueOf(NetlinkMessage message)
    {
        NetlinkAttributeReader.TryFind(message.Payload.Span, 1, out var a);
        a.TryGetUInt32(out var v);
        return v;
    }

    private static NetlinkMessageHeader FirstHeader(byte[] datagram) => NetlinkReplies.Split(datagram)[0].Header;

    /// <summary>The three ways an exchange waits for the kernel: a doit request, a dump, a batch closed by its barrier.</summary>
    public enum Exchange
    {
        Request,
        Dump,
        Batch,
    }

    // What a healthy kernel answers to the datagram sent for an exchange; value marks the reply or dump entry.
    private static byte[] Answer(Exchange exchange, byte[] sent, uint portId, uint value)
    {
        var header = FirstHeader(sent);
        return exchange switch
        {
            Exchange.Request => NetlinkReplies.Concat(Reply(header.Sequence, value, portId), NetlinkReplies.Error(header, 0, portId)),
            Exchange.Dump => NetlinkReplies.Concat(Reply(header.Sequence, value, portId, NetlinkMessageFlags.Multi), NetlinkReplies.Done(header.Sequence, portId)),
            _ => NetlinkReplies.Error(NetlinkReplies.Split(sent)[^1].Header, 0, portId), // the barrier's ACK: every request succeeded
        };
    }

    // Runs one exchange of one request; returns the value answered (a batch: 0 when its request succeeded).
    private static async Task<uint> RunAsync(Exchange exchange, NetlinkConnection connection, string operation)
    {
        switch (exchange)
        {
            case Exchange.Request:
                return ValueOf(await connection.RequestAsync(Request(0x20, 1), operation, CancellationToken.None));
            case Exchange.Dump:
                return ValueOf(Assert.Single(await connection.DumpAsync(Request(0x20, 1), operation, CancellationToken.None)));
            default:
                var result = Assert.Single(await connection.ExecuteBatchAsync(Request(0x20, 1), operation, CancellationToken.None));
                return result.Succeeded ? 0u : (uint)result.Error;
        }
    }

    // The connection is free and pairs the next exchange with its own answer (nothing stale is taken for it).
    private static async Task AssertNextExchangeAnsweredAsync(Exchange exchange, NetlinkConnection connection, FakeNetlinkSocket socket)
    {
        socket.Responder = d => new[] { Answer(exchange, d, socket.PortId, 4711) };
        var value = await RunAsync(exchange, connection, "next").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(exchange == Exchange.Batch ? 0u : 4711u, value);
    }

    private static byte[] Request(ushort type, int count)
    {
        var w = new NetlinkAttributeWriter();
        for (int i = 0; i < count; i++)
        {
            w.BeginMessage(type, NetlinkMessageFlags.None);
            w.WriteUInt32(1, (uint)i);
            w.EndMessage();
        }
        return w.ToArray();
    }

    // As netlink_rcv_skb does: every message in order; an NLMSG_ERROR for a failure, or an ACK when NLM_F_ACK asks for one.
    private static Func<byte[], IEnumerable<byte[]>> Kernel(FakeNetlinkSocket socket, Func<int, int> errorOf, bool reverse = false, string? text = "no service") => datagram =>
    {
        var replies = NetlinkReplies.Split(datagram).Select((m, i) => (m, error: m.Header.Type == NetlinkMessageType.Noop ? 0 : errorOf(i)))
            .Where(x => x.error != 0 || x.m.Header.Flags.HasFlag(NetlinkMessageFlags.Ack))
            .Select(x => NetlinkReplies.Error(x.m.Header, x.error, socket.PortId, x.error != 0 ? text : null)).ToList();
        if (reverse)
        {
            // Errors in any order and a foreign-sequence ACK mixed in; the barrier's ACK still comes last.
            var barrier = replies[^1];
            replies = replies.Take(replies.Count - 1).Reverse().Append(barrier).ToList();
            replies.Insert(0, NetlinkReplies.Error(new NetlinkMessageHeader(16, 0x20, 0, 999_999, 0), 0, socket.PortId));
        }
        return new[] { NetlinkReplies.Concat(replies.ToArray()) };
    };

    [Fact]
    public async Task ExecuteBatchAsync_MixedReplies_OneResultPerRequestInOrder()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = Kernel(socket, i => i is 1 or 2 ? -(int)Errno.ESRCH : 0, reverse: true);
        using var connection = new NetlinkConnection(socket, initialSequence: 100);

        var results = await connection.ExecuteBatchAsync(Request(0x20, 4), "batch", CancellationToken.None);

        Assert.Equal(new[] { Errno.None, Errno.ESRCH, Errno.ESRCH, Errno.None }, results.Select(r => r.Error));
        Assert.Equal("no service", results[1].KernelMessage);
        Assert.Single(socket.Sent);
        var sent = NetlinkReplies.Split(socket.Sent[0]);
        Assert.Equal(new uint[] { 101, 102, 103, 104, 105 }, sent.Select(m => m.Header.Sequence));
        // The requests ask for no ACK (errors only); the trailing NOOP asks for one: the barrier.
        Assert.All(sent.Take(4), m => Assert.Equal(NetlinkMessageFlags.Request, m.Header.Flags));
        Assert.Equal(NetlinkMessageType.Noop, sent[4].Header.Type);
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, sent[4].Header.Flags);
    }

    [Fact]
    public async Task ExecuteBatchAsync_AllSucceed_OneReceivePerDatagramNotPerRequest()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = Kernel(socket, _ => 0);
        using var connection = new NetlinkConnection(socket);

        var results = await connection.ExecuteBatchAsync(Request(0x20, 1000), "batch", CancellationToken.None);

        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(socket.Sent);
        Assert.Equal(0, socket.PendingReplies);
    }

    [Fact]
    public async Task ExecuteBatchAsync_MoreThanOneDatagram_SplitsAtMaxBatchBytes()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = Kernel(socket, i => i == 7 ? -(int)Errno.EEXIST : 0);
        using var connection = new NetlinkConnection(socket);
        int count = NetlinkConnection.MaxBatchBytes / 24 + 10; // 24-byte messages

        var results = await connection.ExecuteBatchAsync(Request(0x20, count), "batch", CancellationToken.None);

        Assert.Equal(count, results.Count);
        Assert.Equal(2, results.Count(r => !r.Succeeded)); // message 7 of each datagram
        Assert.Equal(2, socket.Sent.Count);
        Assert.All(socket.Sent, d => Assert.True(d.Length <= NetlinkConnection.MaxBatchBytes));
        Assert.Equal(count, connection.RequestCount);
    }

    private static async IAsyncEnumerable<byte[]> Chunks(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }

    [Fact]
    public async Task ExecuteBatchAsync_Chunks_OneDatagramEachSequencesContinueResultsInOrder()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = Kernel(socket, i => i == 1 ? -(int)Errno.ESRCH : 0);
        using var connection = new NetlinkConnection(socket, initialSequence: 100);

        var results = await connection.ExecuteBatchAsync(Chunks(Request(0x20, 3), Request(0x20, 2)), "batch", CancellationToken.None);

        // Message 1 of each datagram fails: the second of the first chunk and the second of the second.
        Assert.Equal(new[] { Errno.None, Errno.ESRCH, Errno.None, Errno.None, Errno.ESRCH }, results.Select(r => r.Error));
        Assert.Equal(2, socket.Sent.Count);
        Assert.Equal(new uint[] { 101, 102, 103, 104 }, NetlinkReplies.Split(socket.Sent[0]).Select(m => m.Header.Sequence));
        Assert.Equal(new uint[] { 105, 106, 107 }, NetlinkReplies.Split(socket.Sent[1]).Select(m => m.Header.Sequence));
        Assert.Equal(5, connection.RequestCount);
    }

    [Fact]
    public async Task ExecuteBatchAsync_ChunkSourceFails_ThrowsItAndReleasesTheConnection()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = Kernel(socket, _ => 0);
        using var connection = new NetlinkConnection(socket);
        async IAsyncEnumerable<byte[]> Failing()
        {
            yield return Request(0x20, 2);
            await Task.Yield();
            throw new InvalidOperationException("encoder failed");
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ExecuteBatchAsync(Failing(), "batch", CancellationToken.None));

        Assert.Equal("encoder failed", e.Message);
        Assert.Single(socket.Sent);
        Assert.Single(await connection.ExecuteBatchAsync(Request(0x20, 1), "batch", CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_ErrorReply_ThrowsNamingOperation()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = Kernel(socket, _ => -(int)Errno.EEXIST, text: null);
        using var connection = new NetlinkConnection(socket);

        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.ExecuteAsync(Request(0x20, 1), "add service TCP 192.0.2.1:80", CancellationToken.None));

        Assert.Equal(Errno.EEXIST, e.Errno);
        Assert.Equal("add service TCP 192.0.2.1:80: File exists (EEXIST)", e.Message);
    }

    [Fact]
    public async Task DumpAsync_MultiPartThenDone_CollectsAllSkippingForeign()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = d =>
        {
            var seq = NetlinkReplies.Split(d)[0].Header.Sequence;
            byte[] Part(uint s, uint value, uint pid) => Reply(s, value, pid, NetlinkMessageFlags.Multi);
            return new[]
            {
                NetlinkReplies.Concat(Part(seq, 1, socket.PortId), Part(seq - 1, 99, socket.PortId), Part(seq, 2, socket.PortId)),
                NetlinkReplies.Concat(Part(seq, 77, 555), Part(seq, 3, socket.PortId), NetlinkReplies.Done(seq, socket.PortId)),
            };
        };
        using var connection = new NetlinkConnection(socket);

        var messages = await connection.DumpAsync(Request(0x20, 1), "dump", CancellationToken.None);

        Assert.Equal(new uint[] { 1, 2, 3 }, messages.Select(ValueOf));
        var flags = NetlinkReplies.Split(socket.Sent[0])[0].Header.Flags;
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, flags);
    }

    [Fact]
    public async Task DumpAsync_Enobufs_RedumpsAndSucceeds()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = d => new[] { NetlinkReplies.Done(NetlinkReplies.Split(d)[0].Header.Sequence, socket.PortId) };
        socket.FailNextReceive = new NetlinkException(Errno.ENOBUFS, "receive");
        using var connection = new NetlinkConnection(socket);

        var messages = await connection.DumpAsync(Request(0x20, 1), "dump", CancellationToken.None);

        Assert.Empty(messages);
        Assert.Equal(2, socket.Sent.Count);
        Assert.Equal(1, connection.DumpRestarts);
    }

    [Fact]
    public async Task DumpAsync_DoneWithNegativeError_Throws()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = d => new[] { NetlinkReplies.Done(NetlinkReplies.Split(d)[0].Header.Sequence, socket.PortId, -(int)Errno.EINVAL) };
        using var connection = new NetlinkConnection(socket);

        var e = await Assert.ThrowsAsync<NetlinkException>(() => connection.DumpAsync(Request(0x20, 1), "dump services", CancellationToken.None));
        Assert.Equal(Errno.EINVAL, e.Errno);
    }

    [Fact]
    public async Task RequestAsync_ReplyLargerThanBuffer_GrowsAndReturnsReply()
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = d =>
        {
            var header = NetlinkReplies.Split(d)[0].Header;
            var w = new NetlinkAttributeWriter();
            w.BeginMessage(0x20, NetlinkMessageFlags.None, header.Sequence, socket.PortId);
            w.WriteBytes(1, new byte[60_000]);
            w.WriteBytes(2, new byte[60_000]);
            w.EndMessage();
            return new[] { w.ToArray(), NetlinkReplies.Error(header, 0, socket.PortId) };
        };
        using var connection = new NetlinkConnection(socket);

        var reply = await connection.RequestAsync(Request(0x20, 1), "get", CancellationToken.None);

        Assert.Equal(2 * (4 + 60_000), reply.Payload.Length);
    }

    [Fact]
    public void ErrorMessage_ExtendedAck_ReadsText()
    {
        var bytes = NetlinkReplies.Error(new NetlinkMessageHeader(20, 0x20, NetlinkMessageFlags.Request, 5, 0), -22, 1, "bad attr");
        var m = NetlinkReplies.Split(bytes)[0];
        Assert.True(NetlinkErrorMessage.TryRead(m.Header, m.Payload, out var error));
        Assert.Equal(22, error.Errno);
        Assert.Equal(5u, error.RequestSequence);
        Assert.Equal("bad attr", error.Message);
    }
}
