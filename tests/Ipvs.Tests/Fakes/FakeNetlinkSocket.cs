using System.Threading.Channels;
using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Fakes;

/// <summary>
/// An in-memory netlink socket: every sent datagram is recorded and handed to <see cref="Responder"/>,
/// whose reply datagrams are queued for <see cref="ReceiveAsync"/>.
/// </summary>
internal sealed class FakeNetlinkSocket : INetlinkSocket
{
    // A queued datagram, or a receive error (ENOBUFS) at that point of the stream.
    private readonly Channel<(byte[]? Datagram, Exception? Failure)> _incoming = Channel.CreateUnbounded<(byte[]?, Exception?)>();

    public FakeNetlinkSocket(uint portId = 4242) => PortId = portId;

    public uint PortId { get; }

    public List<byte[]> Sent { get; } = new();

    /// <summary>Turns one sent datagram into the datagrams the "kernel" answers with.</summary>
    public Func<byte[], IEnumerable<byte[]>> Responder { get; set; } = _ => Array.Empty<byte[]>();

    /// <summary>When set, the next receive throws this instead (e.g. ENOBUFS), once.</summary>
    public Exception? FailNextReceive { get; set; }

    /// <summary>Called when a receive finds nothing queued, before it waits (e.g. to move a manual clock past a timeout).</summary>
    public Action? WhenIdle { get; set; }

    public bool Disposed { get; private set; }

    /// <summary>Reply datagrams queued and not yet received.</summary>
    public int PendingReplies => _incoming.Reader.Count;

    public void Enqueue(byte[] datagram) => _incoming.Writer.TryWrite((datagram, null));

    /// <summary>Queues a receive error: the receive that reaches it throws <paramref name="failure"/>.</summary>
    public void EnqueueFailure(Exception failure) => _incoming.Writer.TryWrite((null, failure));

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        var copy = datagram.ToArray();
        Sent.Add(copy);
        foreach (var reply in Responder(copy)) Enqueue(reply);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (FailNextReceive is { } failure)
        {
            FailNextReceive = null;
            throw failure;
        }
        if (!_incoming.Reader.TryPeek(out _)) WhenIdle?.Invoke();
        var (datagram, queuedFailure) = await _incoming.Reader.ReadAsync(cancellationToken);
        if (queuedFailure is not null) throw queuedFailure;
        if (datagram!.Length > buffer.Length)
        {
            // Like the real socket: leave it queued and report the size needed.
            var rest = new List<(byte[]?, Exception?)> { (datagram, null) };
            while (_incoming.Reader.TryRead(out var more)) rest.Add(more);
            foreach (var item in rest) _incoming.Writer.TryWrite(item);
            return datagram.Length;
        }
        datagram.CopyTo(buffer);
        return datagram.Length;
    }

    public void Dispose() => Disposed = true;
}
