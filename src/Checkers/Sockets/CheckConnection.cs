using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// A checker's TCP connection: a non-blocking socket(2) descriptor (no managed <see cref="Socket"/>: keepalived's
/// socket → connect → epoll → getsockopt(SO_ERROR) → close, without the option and fcntl calls the managed socket
/// makes) whose connect, reads and writes wait on a <see cref="ReadinessEngine"/>, so the probe runs from event to
/// event without a hop onto the thread pool. Owns the descriptor (a plain number: no finalizable handle per probe).
/// </summary>
internal sealed class CheckConnection : IDisposable
{
    private const int IpProtoTcp = 6;

    private readonly SocketReadiness _readiness;
    // The descriptor, owned (closed once, by Dispose); a plain number, not a SafeHandle: one connection per probe.
    private int _fd;
    // Set once the connect succeeded: only an established connection is reset at close (a socket still connecting,
    // or refused, has nothing to reset and needs no extra system call).
    private bool _established;

    /// <param name="socket">From <see cref="Open"/>, bound (bindto, bind_if, fwmark) but not connected; owned from here on.</param>
    public CheckConnection(int socket)
    {
        _fd = socket;
        try
        {
            // On an engine thread (a probe the scheduler loop started) the socket stays on that engine: the whole probe
            // then runs on one thread, as in keepalived's event loop.
            _readiness = new SocketReadiness(ReadinessEngine.CurrentOrNext(), socket);
        }
        catch
        {
            Libc.Close(socket);
            throw;
        }
        Stream = new ReadinessStream(socket, _readiness);
    }

    /// <summary>The descriptor, -1 once closed (for tests).</summary>
    internal int Descriptor => Volatile.Read(ref _fd);

    /// <summary>Reads and writes through the engine.</summary>
    public ReadinessStream Stream { get; }

    /// <summary>The socket's waits, for steps timed by the engine (<see cref="SocketReadiness.BeginStep"/>).</summary>
    public SocketReadiness Readiness => _readiness;

    /// <summary>A non-blocking, close-on-exec TCP socket of <paramref name="family"/>: its descriptor, which the caller closes or hands to a connection.</summary>
    public static int Open(AddressFamily family) =>
        (int)Libc.CheckErrno(
            Libc.SocketDescriptor(family == AddressFamily.InterNetworkV6 ? SocketConstants.AF_INET6 : SocketConstants.AF_INET,
                SocketConstants.SOCK_STREAM | SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC, IpProtoTcp),
            "socket");

    /// <summary>Connects to <paramref name="target"/>; the caller's token bounds the wait (connect_timeout, deadline).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        if (StartConnect(target)) return;
        await _readiness.WaitAsync(Libc.EPOLLOUT, cancellationToken).ConfigureAwait(false);
        EndConnect();
    }

    /// <summary>
    /// Starts a non-blocking connect: true when it completed at once; otherwise wait for <see cref="Libc.EPOLLOUT"/> on
    /// <see cref="Readiness"/>, then call <see cref="EndConnect"/> (<see cref="ConnectAsync"/> in one call; a probe's own
    /// async method does it itself, one state machine fewer per probe). EINTR: it goes on asynchronously too.
    /// </summary>
    public unsafe bool StartConnect(IPEndPoint target)
    {
        var address = stackalloc byte[SocketAddressBytes.MaxLength];
        var length = SocketAddressBytes.Write(target, new Span<byte>(address, SocketAddressBytes.MaxLength));
        if (Libc.Connect(_fd, address, (uint)length) == 0) return _established = true;
        var error = Libc.LastErrno;
        if (error is Errno.EINPROGRESS or Errno.EINTR) return false;
        throw ToException(error, "connect");
    }

    /// <summary>
    /// The outcome of a connect the socket has become writable for: throws its error, if any. Writable with neither error
    /// nor hang-up reported (epoll reports both whatever was asked) is connected, with no system call; otherwise
    /// getsockopt(SO_ERROR) says why, as keepalived asks it after every connect.
    /// </summary>
    public void EndConnect()
    {
        if ((_readiness.ReadyEvents & (Libc.EPOLLOUT | Libc.EPOLLERR | Libc.EPOLLHUP)) == Libc.EPOLLOUT)
        {
            _established = true;
            return;
        }
        if (Libc.GetSocketError(_fd, out var error) < 0) error = Libc.LastErrno;
        if (error != 0) throw ToException(error, "connect");
        _established = true;
    }

    /// <summary>
    /// Ends an exchange that completed (TCP_CHECK's connect, HTTP's response) so that the socket can serve the next probe:
    /// connect(AF_UNSPEC) resets the connection as <see cref="Dispose"/> would and returns the socket to CLOSED, still
    /// registered on its engine. False (the caller then disposes it) for a connection that is not established, whose step
    /// timed out, or that the kernel would not disconnect. Saves the next probe its socket(2) and this one its
    /// setsockopt(SO_LINGER) and close(2): the socket's creation and teardown were a tenth of a probe's CPU in the
    /// IPVS VM (see <see cref="IdleConnectionSlot"/>).
    /// </summary>
    public bool TryDisconnect()
    {
        if (_fd < 0 || !_established || _readiness.TimedOut) return false;
        if (Libc.Disconnect(_fd) < 0) return false;
        _established = false;
        _readiness.PrepareForReuse();
        return true;
    }

    /// <summary>
    /// Closes the connection with a reset (SO_LINGER 0), as HAProxy's health checks do: no FIN exchange and no TIME_WAIT
    /// socket left on the director per probe (<see cref="Libc.SetAbortiveClose"/>).
    /// </summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0) return;
        _readiness.Dispose();
        if (_established) _ = Libc.SetAbortiveClose(fd);
        Libc.Close(fd);
    }

    /// <summary>The exception for a failed socket call: <see cref="SocketException"/> for the errors the checks describe, else <see cref="ErrnoException"/>.</summary>
    internal static Exception ToException(Errno error, string operation) => error switch
    {
        Errno.ECONNREFUSED => new SocketException((int)SocketError.ConnectionRefused),
        Errno.EHOSTUNREACH => new SocketException((int)SocketError.HostUnreachable),
        Errno.ENETUNREACH => new SocketException((int)SocketError.NetworkUnreachable),
        Errno.ETIMEDOUT => new SocketException((int)SocketError.TimedOut),
        Errno.ECONNRESET => new SocketException((int)SocketError.ConnectionReset),
        Errno.EPIPE => new SocketException((int)SocketError.Shutdown),
        Errno.EADDRINUSE => new SocketException((int)SocketError.AddressAlreadyInUse),
        Errno.EADDRNOTAVAIL => new SocketException((int)SocketError.AddressNotAvailable),
        _ => new ErrnoException(error, operation),
    };
}
