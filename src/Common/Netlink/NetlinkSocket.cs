using System.Net.Sockets;
using LvsDirector.Common.Interop;

namespace LvsDirector.Common.Netlink;

/// <summary>
/// A real AF_NETLINK socket opened with socket(2) (the managed Socket cannot create one), bound with a
/// kernel-assigned port id, a large receive buffer (SO_RCVBUFFORCE, falling back to SO_RCVBUF) so big dumps
/// and batches of ACKs do not overflow, NETLINK_EXT_ACK for the kernel's error text and NETLINK_CAP_ACK so
/// error replies do not echo whole requests. Waiting for data is done by a managed <see cref="Socket"/>
/// wrapping the descriptor (a zero-byte MSG_PEEK receive: readiness without consuming the datagram);
/// the datagram itself is read with recv(2) so truncation is detected (MSG_TRUNC).
/// </summary>
internal sealed class NetlinkSocket : INetlinkSocket
{
    /// <summary>Receive buffer asked for by default: 8 MiB holds the ACKs of thousands of batched requests.</summary>
    public const int DefaultReceiveBufferSize = 8 * 1024 * 1024;

    /// <summary>Send buffer: a batch datagram must fit below it.</summary>
    public const int DefaultSendBufferSize = 1024 * 1024;

    private readonly SafeFdHandle _fd;
    private readonly Socket _readiness;
    private int _disposed;

    private NetlinkSocket(SafeFdHandle fd, Socket readiness, uint portId, int protocol)
    {
        _fd = fd;
        _readiness = readiness;
        PortId = portId;
        Protocol = protocol;
    }

    public uint PortId { get; }

    /// <summary>The netlink protocol (<see cref="NetlinkProtocol"/>).</summary>
    public int Protocol { get; }

    /// <summary>Opens and binds a socket for <paramref name="protocol"/> in the caller's network namespace.</summary>
    /// <exception cref="NetlinkException">socket, bind or getsockname failed (e.g. EPROTONOSUPPORT, EPERM).</exception>
    public static unsafe NetlinkSocket Open(int protocol, int receiveBufferSize = DefaultReceiveBufferSize)
    {
        var owning = Libc.Socket(SocketConstants.AF_NETLINK, SocketConstants.SOCK_RAW | SocketConstants.SOCK_CLOEXEC, protocol);
        if (owning.IsInvalid)
        {
            var errno = Libc.LastErrno;
            owning.Dispose();
            throw new NetlinkException(errno, $"open netlink socket (protocol {protocol})");
        }
        try
        {
            // Buffer sizes: FORCE needs CAP_NET_ADMIN and ignores rmem_max; without it the plain option is capped.
            if (Libc.SetSockOpt(owning, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUFFORCE, receiveBufferSize) != 0)
                _ = Libc.SetSockOpt(owning, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, receiveBufferSize);
            if (Libc.SetSockOpt(owning, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUFFORCE, DefaultSendBufferSize) != 0)
                _ = Libc.SetSockOpt(owning, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, DefaultSendBufferSize);
            // Both are best effort: kernels before 4.12 (EXT_ACK) or 4.2 (CAP_ACK) reject them and work without.
            _ = Libc.SetSockOpt(owning, NetlinkSocketOption.SolNetlink, NetlinkSocketOption.ExtendedAck, 1);
            _ = Libc.SetSockOpt(owning, NetlinkSocketOption.SolNetlink, NetlinkSocketOption.CapAck, 1);

            var address = new SockaddrNetlink { Family = SocketConstants.AF_NETLINK };
            if (Libc.Bind(owning, &address, (uint)sizeof(SockaddrNetlink)) != 0)
                throw new NetlinkException(Libc.LastErrno, $"bind netlink socket (protocol {protocol})");
            uint length = (uint)sizeof(SockaddrNetlink);
            if (Libc.GetSockName(owning, &address, &length) != 0)
                throw new NetlinkException(Libc.LastErrno, $"getsockname of netlink socket (protocol {protocol})");

            // The managed Socket takes ownership of the descriptor and closes it; our handle only borrows it.
            var fd = owning.Fd;
            owning.SetHandleAsInvalid();
            var readiness = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            return new NetlinkSocket(new SafeFdHandle(fd, ownsHandle: false), readiness, address.PortId, protocol);
        }
        catch
        {
            owning.Dispose();
            throw;
        }
    }

    public unsafe ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // Requests to the kernel are processed synchronously inside send(2); it does not block on a healthy socket.
        nint sent;
        fixed (byte* p = datagram.Span)
        {
            sent = Libc.Send(_fd, p, (nuint)datagram.Length, 0);
        }
        if (sent < 0) throw new NetlinkException(Libc.LastErrno, "send netlink request");
        if (sent != datagram.Length) throw new NetlinkException(Errno.EMSGSIZE, "send netlink request (short write)");
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            // The kernel answers a request inside send(2), so the reply is usually queued already: read first and wait
            // for readiness only when nothing is there (saves an epoll wake-up and a thread-pool hop per datagram).
            var result = TryReceive(buffer.Span);
            if (result >= 0) return result;
            try
            {
                await _readiness.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                throw new NetlinkException(Errno.ENOBUFS, "receive netlink reply (receive queue overflowed, replies lost)", inner: e);
            }
        }
    }

    // -1: nothing there after all (EAGAIN), wait again.
    private unsafe int TryReceive(Span<byte> buffer)
    {
        const int dontWait = SocketConstants.MSG_DONTWAIT;
        nint size = Libc.Recv(_fd, null, 0, SocketConstants.MSG_PEEK | SocketConstants.MSG_TRUNC | dontWait);
        if (size < 0) return HandleReceiveError();
        if (size > buffer.Length) return (int)size;
        fixed (byte* p = buffer)
        {
            size = Libc.Recv(_fd, p, (nuint)buffer.Length, SocketConstants.MSG_TRUNC | dontWait);
        }
        if (size < 0) return HandleReceiveError();
        return (int)size;
    }

    private static int HandleReceiveError()
    {
        var errno = Libc.LastErrno;
        if (errno == Errno.EAGAIN) return -1;
        if (errno == Errno.ENOBUFS)
            throw new NetlinkException(errno, "receive netlink reply (receive queue overflowed, replies lost)");
        throw new NetlinkException(errno, "receive netlink reply");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _fd.Dispose();
        _readiness.Dispose();
    }
}
