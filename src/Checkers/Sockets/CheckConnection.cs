using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// A checker's TCP connection: a non-blocking socket whose connect, reads and writes wait on a
/// <see cref="ReadinessEngine"/>, so the probe runs from event to event without a hop onto the thread pool.
/// Owns the socket.
/// </summary>
internal sealed class CheckConnection : IDisposable
{
    private readonly SocketReadiness _readiness;
    private readonly int _fd;

    /// <param name="socket">Created and bound (bindto, bind_if, fwmark) but not connected.</param>
    public CheckConnection(Socket socket)
    {
        Socket = socket;
        socket.Blocking = false;
        _fd = (int)socket.Handle;
        // On an engine thread (a probe the scheduler loop started) the socket stays on that engine: the whole probe
        // then runs on one thread, as in keepalived's event loop.
        _readiness = new SocketReadiness(ReadinessEngine.CurrentOrNext(), _fd);
        Stream = new ReadinessStream(socket, _readiness);
    }

    public Socket Socket { get; }

    /// <summary>Reads and writes through the engine.</summary>
    public Stream Stream { get; }

    /// <summary>The socket's waits, for steps timed by the engine (<see cref="SocketReadiness.BeginStep"/>).</summary>
    public SocketReadiness Readiness => _readiness;

    /// <summary>Connects to <paramref name="target"/>; the caller's token bounds the wait (connect_timeout, deadline).</summary>
    public async ValueTask ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        if (StartConnect(target)) return;
        await _readiness.WaitAsync(Libc.EPOLLOUT, cancellationToken).ConfigureAwait(false);
        if (Libc.GetSocketError(_fd, out var error) < 0) error = Libc.LastErrno;
        if (error != 0) throw ToException(error);
    }

    public void Dispose()
    {
        _readiness.Dispose();
        Socket.Dispose();
    }

    // connect(2) directly: the managed Connect on a non-blocking socket reports "in progress" by throwing.
    private unsafe bool StartConnect(IPEndPoint target)
    {
        var address = target.Serialize();
        int rc;
        fixed (byte* buffer = address.Buffer.Span)
        {
            rc = Libc.Connect(_fd, buffer, (uint)address.Size);
        }
        if (rc == 0) return true;
        var error = Libc.LastErrno;
        // EINTR: the connect goes on asynchronously, as with EINPROGRESS.
        if (error is Errno.EINPROGRESS or Errno.EINTR) return false;
        throw ToException(error);
    }

    private static Exception ToException(Errno error) => error switch
    {
        Errno.ECONNREFUSED => new SocketException((int)SocketError.ConnectionRefused),
        Errno.EHOSTUNREACH => new SocketException((int)SocketError.HostUnreachable),
        Errno.ENETUNREACH => new SocketException((int)SocketError.NetworkUnreachable),
        Errno.ETIMEDOUT => new SocketException((int)SocketError.TimedOut),
        Errno.ECONNRESET => new SocketException((int)SocketError.ConnectionReset),
        _ => new ErrnoException(error, "connect"),
    };
}
