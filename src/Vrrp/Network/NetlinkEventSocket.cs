using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// A netlink socket subscribed to multicast groups (rtnetlink events, the proc connector), read by one
/// dedicated thread: <see cref="Wait"/> blocks in poll(2) until a datagram arrives, the timeout passes
/// or <see cref="Wake"/> is called (an eventfd, so stopping never waits for a timeout).
/// </summary>
internal sealed class NetlinkEventSocket : IDisposable
{
    private readonly SafeFdHandle _fd;
    private readonly SafeFdHandle _wake;
    private readonly byte[] _buffer = new byte[64 * 1024];

    /// <summary>Opens a <paramref name="protocol"/> socket bound to the legacy group bit mask <paramref name="groups"/>.</summary>
    public unsafe NetlinkEventSocket(int protocol, uint groups, int receiveBufferBytes)
    {
        _fd = Libc.CheckErrno(Libc.Socket(SocketConstants.AF_NETLINK, SocketConstants.SOCK_RAW | SocketConstants.SOCK_CLOEXEC | SocketConstants.SOCK_NONBLOCK, protocol), $"socket(AF_NETLINK, {protocol})");
        try
        {
            // A burst of events (a flapping bond, hundreds of process exits) must not overflow the queue; root may force it.
            var size = receiveBufferBytes;
            if (Libc.SetSockOpt(_fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUFFORCE, &size, sizeof(int)) < 0)
                Libc.SetSockOpt(_fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, &size, sizeof(int));
            var address = new SockaddrNetlink { Family = SocketConstants.AF_NETLINK, Groups = groups };
            Libc.CheckErrno(Libc.Bind(_fd, &address, (uint)sizeof(SockaddrNetlink)), $"bind netlink groups 0x{groups:x}");
            _wake = Libc.CheckErrno(Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd");
        }
        catch
        {
            _fd.Dispose();
            throw;
        }
    }

    /// <summary>The datagram <see cref="Wait"/> returned <see cref="NetlinkWait.Received"/> for.</summary>
    public ReadOnlySpan<byte> Datagram => _buffer.AsSpan(0, DatagramLength);

    private int DatagramLength { get; set; }

    /// <summary>Waits for one datagram, the timeout, or <see cref="Wake"/>.</summary>
    public unsafe NetlinkWait Wait(TimeSpan timeout)
    {
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = _fd.Fd, Events = SocketConstants.POLLIN };
        fds[1] = new PollFd { Fd = _wake.Fd, Events = SocketConstants.POLLIN };
        var rc = Libc.Poll(fds, 2, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        if (rc < 0) throw new ErrnoException(Libc.LastErrno, "poll netlink");
        if (fds[1].ReturnedEvents != 0) return NetlinkWait.Woken;
        if (rc == 0) return NetlinkWait.TimedOut;
        fixed (byte* p = _buffer)
        {
            var n = Libc.Recv(_fd, p, (nuint)_buffer.Length, SocketConstants.MSG_DONTWAIT);
            if (n >= 0)
            {
                DatagramLength = (int)n;
                return NetlinkWait.Received;
            }
            var errno = Libc.LastErrno;
            // ENOBUFS: the kernel dropped events; the caller must resynchronise from a full view.
            if (errno == Errno.ENOBUFS) return NetlinkWait.Overrun;
            if (errno == Errno.EAGAIN) return NetlinkWait.TimedOut;
            throw new ErrnoException(errno, "recv netlink event");
        }
    }

    /// <summary>Sends one message to the kernel (port 0), e.g. the proc connector's listen request.</summary>
    public unsafe void Send(ReadOnlySpan<byte> message)
    {
        var kernel = new SockaddrNetlink { Family = SocketConstants.AF_NETLINK };
        fixed (byte* p = message)
            Libc.CheckErrno(Libc.SendTo(_fd, p, (nuint)message.Length, 0, &kernel, (uint)sizeof(SockaddrNetlink)), "send netlink");
    }

    /// <summary>Makes the current or next <see cref="Wait"/> return <see cref="NetlinkWait.Woken"/>.</summary>
    public void Wake() => Libc.EventFdWrite(_wake, 1);

    public void Dispose()
    {
        _fd.Dispose();
        _wake.Dispose();
    }
}
