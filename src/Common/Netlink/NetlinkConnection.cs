using LvsDirector.Common.Interop;

namespace LvsDirector.Common.Netlink;

/// <summary>
/// Request/response over an <see cref="INetlinkSocket"/>, for any netlink protocol (rtnetlink, generic netlink).
/// Assigns sequence numbers (callers build messages with any sequence), sets NLM_F_REQUEST and NLM_F_ACK
/// (batches: errors only, see <see cref="ExecuteBatchAsync"/>), pairs every ACK or error with its request, skips messages with a foreign sequence or port id (late
/// replies to a cancelled request), collects dumps (NLM_F_MULTI … NLMSG_DONE) and re-dumps when a dump
/// was interrupted (NLM_F_DUMP_INTR) or the receive queue overflowed (ENOBUFS). Replies to the operation that do not
/// parse (a malformed datagram, a truncated NLMSG_ERROR) and NLMSG_OVERRUN fail it with EBADMSG or ENOBUFS naming it,
/// never with anything else; later operations skip whatever of them is still queued. Batches: many requests
/// go out in one send (up to <see cref="MaxBatchBytes"/>) and one <see cref="NetlinkResult"/> comes back per
/// request. One operation at a time; concurrent callers queue. A reply that does not come within
/// <see cref="ReplyTimeout"/> fails the operation with ETIMEDOUT and frees the connection.
/// </summary>
internal sealed class NetlinkConnection : IDisposable
{
    /// <summary>
    /// Largest datagram of batched requests per send: a quarter of the 1 MiB send buffer we ask for (the kernel
    /// refuses a datagram above the send buffer with EMSGSIZE). 100,000 IPVS dests go out in about 50 sends.
    /// </summary>
    public const int MaxBatchBytes = 256 * 1024;

    /// <summary>How many times a dump is restarted after NLM_F_DUMP_INTR or ENOBUFS before giving up.</summary>
    public const int MaxDumpAttempts = 4;

    /// <summary>How long to wait for each reply datagram by default: far beyond any answer a healthy kernel gives.</summary>
    public static readonly TimeSpan DefaultReplyTimeout = TimeSpan.FromSeconds(30);

    private const int InitialReceiveBufferSize = 64 * 1024;

    private readonly INetlinkSocket _socket;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _receiveBuffer = new byte[InitialReceiveBufferSize];
    private uint _sequence;

    public NetlinkConnection(INetlinkSocket socket, uint initialSequence = 0, TimeSpan? replyTimeout = null, TimeProvider? timeProvider = null)
    {
        _socket = socket;
        _sequence = initialSequence == 0 ? (uint)Environment.TickCount : initialSequence;
        ReplyTimeout = replyTimeout ?? DefaultReplyTimeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    public INetlinkSocket Socket => _socket;

    /// <summary>
    /// The longest wait for any one reply datagram (an ACK, a barrier's ACK, the next part of a dump); then the
    /// operation fails with ETIMEDOUT. Per datagram, not per operation: a dump or batch of any size may take longer.
    /// </summary>
    public TimeSpan ReplyTimeout { get; }

    /// <summary>Number of datagrams sent so far (for tests and figures: a no-op reconcile sends only dumps).</summary>
    public long SendCount { get; private set; }

    /// <summary>Number of request messages (not datagrams) sent so far.</summary>
    public long RequestCount { get; private set; }

    /// <summary>Sends one request that expects only an ACK; throws <see cref="NetlinkException"/> naming <paramref name="operation"/>.</summary>
    public async Task ExecuteAsync(ReadOnlyMemory<byte> request, string operation, CancellationToken cancellationToken)
    {
        var results = await ExecuteBatchAsync(request, operation, cancellationToken).ConfigureAwait(false);
        if (results.Count != 1) throw new ArgumentException("exactly one message expected", nameof(request));
        if (!results[0].Succeeded) throw new NetlinkException(results[0].Error, operation, results[0].KernelMessage);
    }

    /// <summary>
    /// Sends every message in <paramref name="requests"/> (back-to-back complete messages), batching them
    /// into as few datagrams as fit <see cref="MaxBatchBytes"/>, and returns one result per message, in order.
    /// A failed request does not stop the others. Throws only if the exchange itself fails (ENOBUFS, ETIMEDOUT,
    /// a malformed reply, cancellation, a malformed batch), naming <paramref name="operation"/>, in which case
    /// the outcome of the batch is unknown: re-dump.
    /// </summary>
    /// <remarks>
    /// The requests go out without NLM_F_ACK, so the kernel answers only the ones that fail; each datagram
    /// ends with an NLMSG_NOOP that does ask for an ACK. The kernel handles a datagram's messages in order
    /// (netlink_rcv_skb), so when the NOOP's ACK arrives every error of that datagram has arrived before it
    /// and every request without an error succeeded. This saves one receive per request: 100,000 requests
    /// cost a few hundred receives instead of 100,000.
    /// </remarks>
    public async Task<IReadOnlyList<NetlinkResult>> ExecuteBatchAsync(ReadOnlyMemory<byte> requests, string operation, CancellationToken cancellationToken)
    {
        var copy = requests.ToArray();
        var offsets = SplitMessages(copy);
        var results = new List<NetlinkResult>(offsets.Count);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendChunkAsync(copy, offsets, results, operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        return results;
    }

    /// <summary>
    /// <see cref="ExecuteBatchAsync(ReadOnlyMemory{byte}, string, CancellationToken)"/> over requests that arrive in chunks
    /// (each back-to-back complete messages; the connection owns and patches the arrays it is given): a chunk goes out
    /// while the caller encodes the next, so a large change set is not encoded in full before its first send.
    /// One result per message of every chunk, in order.
    /// </summary>
    public async Task<IReadOnlyList<NetlinkResult>> ExecuteBatchAsync(IAsyncEnumerable<byte[]> chunks, string operation, CancellationToken cancellationToken)
    {
        var results = new List<NetlinkResult>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
                await SendChunkAsync(chunk, SplitMessages(chunk), results, operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        return results;
    }

    // Sends the messages of one chunk (patched in place) in datagrams of at most MaxBatchBytes, each closed by the
    // ACKed NOOP barrier, and appends one result per message to results. The caller holds the gate.
    private async Task SendChunkAsync(byte[] copy, List<(int Offset, int Length)> offsets, List<NetlinkResult> results, string operation, CancellationToken cancellationToken)
    {
        int index = 0;
        while (index < offsets.Count)
        {
            // One datagram: consecutive messages up to MaxBatchBytes (at least one), then the barrier.
            int first = index;
            int start = offsets[first].Offset;
            int end = start;
            uint firstSequence = _sequence + 1;
            while (index < offsets.Count && (index == first || offsets[index].Offset + offsets[index].Length - start <= MaxBatchBytes - NetlinkMessageHeader.Size))
            {
                var (offset, length) = offsets[index];
                PatchHeader(copy.AsSpan(offset), ++_sequence, NetlinkMessageFlags.Request, clear: NetlinkMessageFlags.Ack);
                end = offset + length;
                index++;
            }
            int count = index - first;
            uint barrier = ++_sequence;
            var datagram = new byte[end - start + NetlinkMessageHeader.Size];
            copy.AsSpan(start, end - start).CopyTo(datagram);
            new NetlinkMessageHeader(NetlinkMessageHeader.Size, NetlinkMessageType.Noop, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, barrier, 0)
                .Write(datagram.AsSpan(end - start));
            await SendAsync(datagram, operation, cancellationToken).ConfigureAwait(false);
            SendCount++;
            RequestCount += count;
            var chunkResults = new NetlinkResult?[count];
            bool done = false;
            while (!done)
            {
                var reply = await ReceiveDatagramAsync(operation, cancellationToken).ConfigureAwait(false);
                var reader = new NetlinkMessageReader(reply.Span);
                while (reader.MoveNext())
                {
                    var message = reader.Current;
                    // This datagram's requests are firstSequence … firstSequence + count - 1; the barrier is the next.
                    uint relative = unchecked(message.Header.Sequence - firstSequence);
                    if (!IsOurs(message.Header) || relative > (uint)count) continue;
                    if (message.Header.Type == NetlinkMessageType.Overrun) throw Overrun(operation);
                    if (message.Header.Type != NetlinkMessageType.Error) continue;
                    var error = ReadError(message, operation);
                    if (relative == (uint)count)
                    {
                        done = true;
                        continue;
                    }
                    if (chunkResults[relative] is not null) continue;
                    chunkResults[relative] = error.IsAck ? NetlinkResult.Ack : new NetlinkResult((Errno)error.Errno, error.Message);
                }
                if (reader.IsMalformed && StartsAsReplyTo(reply.Span, firstSequence, barrier)) throw Malformed(operation, reply.Length);
            }
            foreach (var result in chunkResults) results.Add(result ?? NetlinkResult.Ack);
        }
    }

    /// <summary>
    /// A request answered by one message then an ACK (a "doit" GET: CTRL_CMD_GETFAMILY, IPVS_CMD_GET_INFO …).
    /// Returns the reply; throws <see cref="NetlinkException"/> naming <paramref name="operation"/> on an error reply.
    /// </summary>
    public async Task<NetlinkMessage> RequestAsync(ReadOnlyMemory<byte> request, string operation, CancellationToken cancellationToken)
    {
        var copy = request.ToArray();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            uint sequence = ++_sequence;
            PatchHeader(copy, sequence, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, clear: NetlinkMessageFlags.Dump);
            await SendAsync(copy, operation, cancellationToken).ConfigureAwait(false);
            SendCount++;
            RequestCount++;
            NetlinkMessage? reply = null;
            while (true)
            {
                var datagram = await ReceiveDatagramAsync(operation, cancellationToken).ConfigureAwait(false);
                var reader = new NetlinkMessageReader(datagram.Span);
                while (reader.MoveNext())
                {
                    var message = reader.Current;
                    if (!IsOurs(message.Header) || message.Header.Sequence != sequence) continue;
                    switch (message.Header.Type)
                    {
                        case NetlinkMessageType.Error:
                            var error = ReadError(message, operation);
                            if (!error.IsAck) throw new NetlinkException((Errno)error.Errno, operation, error.Message);
                            return reply ?? throw new NetlinkException(Errno.ENODATA, operation + " (acknowledged without a reply)");
                        case NetlinkMessageType.Overrun:
                            throw Overrun(operation);
                        case NetlinkMessageType.Noop or NetlinkMessageType.Done:
                            break;
                        default:
                            reply ??= Copy(message);
                            break;
                    }
                }
                if (reader.IsMalformed && StartsAsReplyTo(datagram.Span, sequence, sequence)) throw Malformed(operation, datagram.Length);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A dump request (NLM_F_DUMP set here): collects every NLM_F_MULTI message until NLMSG_DONE.
    /// Restarts the dump (up to <see cref="MaxDumpAttempts"/> times) when the kernel flags it as interrupted
    /// by a concurrent change or when replies were lost to ENOBUFS, then gives up with EINTR or ENOBUFS.
    /// Throws <see cref="NetlinkException"/> naming <paramref name="operation"/> on an error reply.
    /// </summary>
    public async Task<IReadOnlyList<NetlinkMessage>> DumpAsync(ReadOnlyMemory<byte> request, string operation, CancellationToken cancellationToken) =>
        (await DumpAsync<NetlinkMessage>(request, operation, CopyMessage, cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>
    /// A dump whose messages are decoded as they arrive, while still in the receive buffer (no copy of each
    /// message): <paramref name="decode"/> returns false for a message it cannot read, which is skipped and counted.
    /// Restarts and errors as <see cref="DumpAsync(ReadOnlyMemory{byte}, string, CancellationToken)"/>; a restarted
    /// dump starts its list and count again.
    /// </summary>
    public async Task<NetlinkDump<T>> DumpAsync<T>(ReadOnlyMemory<byte> request, string operation, NetlinkMessageDecoder<T> decode, CancellationToken cancellationToken)
    {
        var copy = request.ToArray();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var (dump, interrupted) = await DumpOnceAsync(copy, operation, decode, cancellationToken).ConfigureAwait(false);
                    if (!interrupted) return dump;
                    // Inconsistent every time: the table is changing faster than we can read it. Better no answer
                    // than a wrong one (the caller retries later).
                    if (attempt >= MaxDumpAttempts)
                        throw new NetlinkException(Errno.EINTR, $"{operation} (dump interrupted by concurrent changes {attempt} times)");
                    DumpRestarts++;
                }
                catch (NetlinkException e) when (e.Errno == Errno.ENOBUFS && attempt < MaxDumpAttempts)
                {
                    DumpRestarts++;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many dumps were restarted (DUMP_INTR or ENOBUFS).</summary>
    public long DumpRestarts { get; private set; }

    private async Task<(NetlinkDump<T> Dump, bool Interrupted)> DumpOnceAsync<T>(byte[] request, string operation, NetlinkMessageDecoder<T> decode, CancellationToken cancellationToken)
    {
        uint sequence = ++_sequence;
        PatchHeader(request, sequence, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, clear: NetlinkMessageFlags.Ack);
        await SendAsync(request, operation, cancellationToken).ConfigureAwait(false);
        SendCount++;
        RequestCount++;
        var items = new List<T>();
        int skipped = 0;
        string? firstSkipReason = null;
        bool interrupted = false;
        while (true)
        {
            var datagram = await ReceiveDatagramAsync(operation, cancellationToken).ConfigureAwait(false);
            var reader = new NetlinkMessageReader(datagram.Span);
            while (reader.MoveNext())
            {
                var message = reader.Current;
                if (!IsOurs(message.Header) || message.Header.Sequence != sequence) continue;
                interrupted |= (message.Header.Flags & NetlinkMessageFlags.DumpInterrupted) != 0;
                switch (message.Header.Type)
                {
                    case NetlinkMessageType.Done:
                        // NLMSG_DONE carries an int: a negative errno if the dump failed part-way.
                        if (message.Payload.Length >= 4 && NetlinkByteOrder.ReadInt32(message.Payload) is < 0 and var failed)
                            throw new NetlinkException((Errno)(-(long)failed), operation);
                        return (new NetlinkDump<T>(items, skipped, firstSkipReason), interrupted);
                    case NetlinkMessageType.Error:
                        var error = ReadError(message, operation);
                        if (!error.IsAck) throw new NetlinkException((Errno)error.Errno, operation, error.Message);
                        return (new NetlinkDump<T>(items, skipped, firstSkipReason), interrupted);
                    case NetlinkMessageType.Overrun:
                        throw Overrun(operation);
                    case NetlinkMessageType.Noop:
                        break;
                    default:
                        if (decode(message, out var item, out var reason)) items.Add(item);
                        else if (skipped++ == 0) firstSkipReason = reason;
                        break;
                }
            }
            if (reader.IsMalformed && StartsAsReplyTo(datagram.Span, sequence, sequence)) throw Malformed(operation, datagram.Length);
        }
    }

    // Socket errors (ENOBUFS, EPERM …) name the operation they interrupted, then what failed underneath.
    private async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
        }
        catch (NetlinkException e)
        {
            throw Underneath(operation, e);
        }
    }

    private static NetlinkException Underneath(string operation, NetlinkException e) => new(e.Errno, $"{operation}: {e.Operation}", e.KernelMessage, e);

    // An NLMSG_ERROR of ours too short to hold its error code: whether the request succeeded is unknown.
    private static NetlinkErrorMessage ReadError(NetlinkMessageView message, string operation) =>
        NetlinkErrorMessage.TryRead(message.Header, message.Payload, out var error)
            ? error
            : throw new NetlinkException(Errno.EBADMSG, operation + " (truncated error reply)");

    private static NetlinkException Overrun(string operation) => new(Errno.ENOBUFS, operation + " (overrun, replies lost)");

    // A datagram whose messages do not add up (nlmsg_len below 16 or beyond the datagram) fails the operation when it
    // starts as a reply to it (the rest of the reply is lost). One that does not (shorter than a header, another
    // sequence: left over from an operation that failed before reading it) is skipped like any stray message, or it
    // would fail every operation after it.
    private bool StartsAsReplyTo(ReadOnlySpan<byte> datagram, uint firstSequence, uint lastSequence) =>
        NetlinkMessageHeader.TryRead(datagram, out var header) && IsOurs(header)
        && unchecked(header.Sequence - firstSequence) <= unchecked(lastSequence - firstSequence);

    private static NetlinkException Malformed(string operation, int length) =>
        new(Errno.EBADMSG, $"{operation} (malformed netlink datagram of {length} bytes)");

    // Waits at most ReplyTimeout for the next datagram. A reply that never comes (lost, or a kernel that does not
    // answer) must not hold the gate forever; one that comes late carries this operation's sequence number, which
    // every later operation skips as foreign.
    private async Task<ReadOnlyMemory<byte>> ReceiveDatagramAsync(string operation, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(ReplyTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(_receiveBuffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new NetlinkException(Errno.ETIMEDOUT, $"{operation} (no reply from the kernel within {ReplyTimeout.TotalSeconds:0.###} s)");
            }
            catch (NetlinkException e)
            {
                throw Underneath(operation, e);
            }
            if (length <= _receiveBuffer.Length) return _receiveBuffer.AsMemory(0, length);
            _receiveBuffer = new byte[NetlinkProtocolConstants.Align(length)];
        }
    }

    // Kernel messages carry either our port id or 0 (broadcasts); anything else is someone else's.
    private bool IsOurs(NetlinkMessageHeader header) => header.PortId == 0 || header.PortId == _socket.PortId;

    private static NetlinkMessage Copy(NetlinkMessageView message) => new(message.Header, message.Payload.ToArray());

    private static bool CopyMessage(NetlinkMessageView message, out NetlinkMessage copy, out string? reason)
    {
        copy = Copy(message);
        reason = null;
        return true;
    }

    private static void PatchHeader(Span<byte> message, uint sequence, NetlinkMessageFlags set, NetlinkMessageFlags clear)
    {
        NetlinkMessageHeader.TryRead(message, out var header);
        (header with { Sequence = sequence, Flags = (header.Flags & ~clear) | set }).Write(message);
    }

    private static List<(int Offset, int Length)> SplitMessages(ReadOnlySpan<byte> requests)
    {
        var offsets = new List<(int, int)>();
        var reader = new NetlinkMessageReader(requests);
        while (reader.MoveNext())
        {
            var length = NetlinkProtocolConstants.Align((int)reader.Current.Header.Length);
            offsets.Add((reader.Current.Offset, Math.Min(length, requests.Length - reader.Current.Offset)));
        }
        if (reader.IsMalformed) throw new ArgumentException("the request batch holds a malformed netlink message", nameof(requests));
        return offsets;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _gate.Dispose();
    }
}
