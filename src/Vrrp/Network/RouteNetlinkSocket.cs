using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// A synchronous NETLINK_ROUTE socket for the few address requests VRRP makes on a transition. It is
/// synchronous on purpose: it runs on the VRRP thread under an instance's lock and must not depend on the
/// thread pool (src/Common's <see cref="NetlinkConnection"/> is async-only). Receives time out after
/// <see cref="ReceiveTimeout"/>.
/// </summary>
internal sealed class RouteNetlinkSocket : IDisposable
{
    public static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly SafeFdHandle _fd;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private uint _sequence = (uint)Environment.TickCount;

    public unsafe RouteNetlinkSocket()
    {
        _fd = Libc.CheckErrno(Libc.Socket(SocketConstants.AF_NETLINK, SocketConstants.SOCK_RAW | SocketConstants.SOCK_CLOEXEC, NetlinkProtocol.Route), "socket(AF_NETLINK, NETLINK_ROUTE)");
        var address = new SockaddrNetlink { Family = SocketConstants.AF_NETLINK };
        Libc.CheckErrno(Libc.Bind(_fd, &address, (uint)sizeof(SockaddrNetlink)), "bind netlink");
        var timeout = new VrrpLibc.TimeValue { Seconds = (long)ReceiveTimeout.TotalSeconds };
        Libc.CheckErrno(Libc.SetSockOpt(_fd, SocketConstants.SOL_SOCKET, VrrpLibc.SO_RCVTIMEO, &timeout, (uint)sizeof(VrrpLibc.TimeValue)), "SO_RCVTIMEO");
    }

    /// <summary>Sends one request built in <paramref name="writer"/> with NLM_F_ACK and returns the kernel's errno (0 = success).</summary>
    public Errno Execute(NetlinkAttributeWriter writer)
    {
        lock (_gate)
        {
            var request = writer.ToArray();
            var sequence = Stamp(request, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
            var sendError = Send(request);
            if (sendError != 0) return sendError;
            while (true)
            {
                var length = Receive(out var receiveError);
                if (length < 0) return receiveError;
                foreach (var message in new NetlinkMessageReader(_buffer.AsSpan(0, length)))
                {
                    if (message.Header.Sequence != sequence || message.Header.Type != NetlinkMessageType.Error) continue;
                    if (!NetlinkErrorMessage.TryRead(message.Header, message.Payload, out var error)) return Errno.EBADMSG;
                    return error.IsAck ? 0 : (Errno)error.Errno;
                }
            }
        }
    }

    /// <summary>Runs a dump and hands every reply message's payload to <paramref name="onMessage"/>.</summary>
    public Errno Dump(NetlinkAttributeWriter writer, ReadOnlySpanAction<byte, ushort> onMessage)
    {
        lock (_gate)
        {
            var request = writer.ToArray();
            var sequence = Stamp(request, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
            var sendError = Send(request);
            if (sendError != 0) return sendError;
            while (true)
            {
                var length = Receive(out var receiveError);
                if (length < 0) return receiveError;
                foreach (var message in new NetlinkMessageReader(_buffer.AsSpan(0, length)))
                {
                    if (message.Header.Sequence != sequence) continue;
                    if (message.Header.Type == NetlinkMessageType.Done) return 0;
                    if (message.Header.Type == NetlinkMessageType.Error)
                        return NetlinkErrorMessage.TryRead(message.Header, message.Payload, out var error) ? (Errno)error.Errno : Errno.EBADMSG;
                    onMessage(message.Payload, message.Header.Type);
                }
            }
        }
    }

    public void Dispose() => _fd.Dispose();

    private uint Stamp(byte[] request, NetlinkMessageFlags flags)
    {
        var sequence = ++_sequence;
        NetlinkMessageHeader.TryRead(request, out var header);
        (header with { Sequence = sequence, Flags = header.Flags | flags }).Write(request);
        return sequence;
    }

    private unsafe Errno Send(byte[] request)
    {
        var kernel = new SockaddrNetlink { Family = SocketConstants.AF_NETLINK };
        fixed (byte* p = request)
            return Libc.SendTo(_fd, p, (nuint)request.Length, 0, &kernel, (uint)sizeof(SockaddrNetlink)) < 0 ? Libc.LastErrno : 0;
    }

    private unsafe int Receive(out Errno error)
    {
        error = 0;
        fixed (byte* p = _buffer)
        {
            var n = Libc.Recv(_fd, p, (nuint)_buffer.Length, 0);
            if (n < 0)
            {
                error = Libc.LastErrno;
                return -1;
            }
            return (int)n;
        }
    }
}

/// <summary>A callback over a span (System.Buffers' delegate shape).</summary>
internal delegate void ReadOnlySpanAction<T, in TArg>(ReadOnlySpan<T> span, TArg arg);
