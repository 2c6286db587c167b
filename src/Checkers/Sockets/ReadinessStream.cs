using System.Runtime.CompilerServices;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// A <see cref="Stream"/> over a non-blocking checker socket (recv(2) / send(2) on its descriptor): each read or write is tried at once and, when the
/// socket would block, waits for readiness on the <see cref="ReadinessEngine"/>. Async only. Disposing it leaves the
/// socket to its <see cref="CheckConnection"/>, which keeps the descriptor open while the stream is used.
/// </summary>
internal sealed class ReadinessStream(int socket, SocketReadiness readiness) : Stream
{
    private const int MsgNoSignal = 0x4000; // MSG_NOSIGNAL, bits/socket.h

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // A read tried at once; only one that finds nothing becomes a (pooled) state machine waiting on the engine.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = Receive(buffer.Span);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e); // as an async read would report it
        }
        return read >= 0 ? new ValueTask<int>(read) : ReadAfterWaitAsync(buffer, cancellationToken);
    }

    /// <summary>A read that has just found nothing (<see cref="TryRead"/>): waits for data first, with no second try before it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<int> ReadAfterWaitAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            await readiness.WaitAsync(Libc.EPOLLIN, cancellationToken).ConfigureAwait(false);
            var read = Receive(buffer.Span);
            if (read >= 0) return read;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var sent = Send(buffer.Span);
            if (sent >= 0)
            {
                buffer = buffer[sent..];
                continue;
            }
            await readiness.WaitAsync(Libc.EPOLLOUT, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads what is there without waiting: false when the socket would block; throws on an error.</summary>
    internal bool TryRead(Span<byte> buffer, out int read)
    {
        read = Receive(buffer);
        return read >= 0;
    }

    /// <summary>Writes what the socket takes without waiting: the bytes sent (0 when it would block); throws on an error.</summary>
    internal int TryWrite(ReadOnlySpan<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var sent = Send(buffer[total..]);
            if (sent < 0) break;
            total += sent;
        }
        return total;
    }

    // Bytes received (0: the peer closed), or -1 when the socket would block (or, never on a non-blocking socket in practice,
    // was interrupted: tried again after the wait); throws on an error.
    private unsafe int Receive(Span<byte> buffer)
    {
        fixed (byte* data = buffer)
        {
            var read = Libc.RecvDescriptor(socket, data, (nuint)buffer.Length, 0);
            if (read >= 0) return (int)read;
        }
        return WouldBlock(Libc.LastErrno, "recv");
    }

    // Bytes sent, or -1 when the socket would block; throws on an error. MSG_NOSIGNAL: a closed peer is EPIPE, not SIGPIPE.
    private unsafe int Send(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* data = buffer)
        {
            var sent = Libc.SendDescriptor(socket, data, (nuint)buffer.Length, MsgNoSignal);
            if (sent >= 0) return (int)sent;
        }
        return WouldBlock(Libc.LastErrno, "send");
    }

    private static int WouldBlock(Errno error, string operation) =>
        error is Errno.EAGAIN or Errno.EINTR ? -1 : throw CheckConnection.ToException(error, operation);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
