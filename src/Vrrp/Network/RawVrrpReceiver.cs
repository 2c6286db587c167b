using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Interop;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Receives VRRP on one interface and family on its own thread: a raw IPv4 socket (the datagram comes
/// with its IP header, so TTL and addresses are checked from it) or a raw IPv6 socket read with
/// recvmsg(2) for the hop limit and destination (IPV6_RECVHOPLIMIT, IPV6_RECVPKTINFO). Bound to the
/// device; joined to each multicast group asked for.
/// </summary>
internal sealed partial class RawVrrpReceiver : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private const int ControlBufferSize = 128;

    /// <summary>
    /// The receive queue (SO_RCVBUFFORCE, as root; net.core.rmem_max caps SO_RCVBUF at ~208 KiB otherwise):
    /// a flood of 100,000 bad packets/s must not fill it and push out the master's adverts while this
    /// thread waits for a CPU. A small datagram costs ~1 KiB of it (skb truesize): 16 MiB is ~150 ms at that rate.
    /// </summary>
    internal const int ReceiveBufferBytes = 16 * 1024 * 1024;

    private readonly string _interface;
    private readonly AddressFamily _family;
    private readonly IVrrpPacketSink _sink;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly HashSet<IPAddress> _groups = new();
    private volatile bool _stopping;
    private volatile bool _delivering;
    private long _read;

    public RawVrrpReceiver(string interfaceName, AddressFamily family, IVrrpPacketSink sink, Socket socket, ILogger logger, string threadSuffix = "")
    {
        _interface = interfaceName;
        _family = family;
        _sink = sink;
        _socket = socket;
        _logger = logger;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"vrrp-rx-{interfaceName}-{(family == AddressFamily.InterNetworkV6 ? 6 : 4)}{threadSuffix}", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>Opens the socket for a receiver (call in the router's namespace); IPv4 protocol 51 receives AH-wrapped adverts.</summary>
    public static Socket Open(string interfaceName, AddressFamily family, int protocol = Protocol.VrrpPacketCodec.IpProtocolNumber)
    {
        var socket = RawSocketFactory.Open(family, protocol);
        try
        {
            LinuxVrrpNetwork.BindToDevice(socket, interfaceName);
            socket.ReceiveTimeout = (int)PollInterval.TotalMilliseconds;
            SetReceiveBuffer(socket, ReceiveBufferBytes);
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.SetRawSocketOption(VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_RECVHOPLIMIT, BitConverter.GetBytes(1));
                socket.SetRawSocketOption(VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_RECVPKTINFO, BitConverter.GetBytes(1));
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Datagrams read from the socket so far.</summary>
    public long DatagramsRead => Interlocked.Read(ref _read);

    /// <summary>
    /// Whether the receive thread is handing a datagram to the instances or one waits in the socket
    /// (FIONREAD: the size of the next one).
    /// </summary>
    public PendingDatagrams Pending
    {
        get
        {
            try
            {
                if (_stopping) return PendingDatagrams.None;
                if (_delivering) return PendingDatagrams.BeingDelivered;
                return _socket.Available > 0 ? PendingDatagrams.UnreadInSocket : PendingDatagrams.None;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return PendingDatagrams.None;
            }
        }
    }

    /// <summary>SO_RCVBUFFORCE (needs CAP_NET_ADMIN) and, failing that, SO_RCVBUF (capped by net.core.rmem_max).</summary>
    internal static void SetReceiveBuffer(Socket socket, int bytes)
    {
        try
        {
            socket.SetRawSocketOption(SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUFFORCE, BitConverter.GetBytes(bytes));
        }
        catch (SocketException)
        {
            socket.ReceiveBufferSize = bytes;
        }
    }

    /// <summary>Joins <paramref name="group"/> on the interface (once).</summary>
    public void Join(IPAddress group, int interfaceIndex)
    {
        lock (_groups)
        {
            if (!_groups.Add(group)) return;
            if (group.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // struct ipv6_mreq { in6_addr, int ifindex }
                var request = new byte[20];
                group.TryWriteBytes(request, out _);
                BitConverter.TryWriteBytes(request.AsSpan(16), interfaceIndex);
                _socket.SetRawSocketOption(VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_ADD_MEMBERSHIP, request);
            }
            else
            {
                // struct ip_mreqn { imr_multiaddr, imr_address, imr_ifindex }
                var request = new byte[12];
                group.TryWriteBytes(request, out _);
                BitConverter.TryWriteBytes(request.AsSpan(8), interfaceIndex);
                _socket.SetRawSocketOption(VrrpLibc.IPPROTO_IP, VrrpLibc.IP_ADD_MEMBERSHIP, request);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (Thread.CurrentThread != _thread) _thread.Join();
        _socket.Dispose();
    }

    private void Loop()
    {
        VrrpLibc.TryMakeCurrentThreadRealtime(VrrpLibc.RealtimePriority);
        var buffer = new byte[65536];
        var control = new byte[ControlBufferSize];
        var fd = new SafeFdHandle((int)_socket.Handle, ownsHandle: false);
        while (!_stopping)
        {
            try
            {
                // Wait with poll(2) rather than a receive timeout: an idle socket (a master hears no adverts)
                // would otherwise throw, and allocate, four exceptions a second.
                if (!_socket.Poll(PollInterval, SelectMode.SelectRead)) continue;
                _delivering = true;
                if (_family == AddressFamily.InterNetwork)
                {
                    var n = _socket.Receive(buffer);
                    Interlocked.Increment(ref _read);
                    _sink.OnIpv4Datagram(_interface, buffer.AsSpan(0, n));
                }
                else
                {
                    ReceiveIpv6(fd, buffer, control);
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                // Never let one bad packet or a transient socket error end reception.
                Log.ReceiveFailed(_logger, _interface, ex);
            }
            finally
            {
                _delivering = false;
            }
        }
    }

    private unsafe void ReceiveIpv6(SafeFdHandle fd, byte[] buffer, byte[] control)
    {
        Span<byte> name = stackalloc byte[28]; // sockaddr_in6
        fixed (byte* data = buffer)
        fixed (byte* ctl = control)
        fixed (byte* from = name)
        {
            var vector = new VrrpLibc.IOVector { Base = data, Length = (nuint)buffer.Length };
            var message = new VrrpLibc.MessageHeader
            {
                Name = from,
                NameLength = (uint)name.Length,
                Vectors = &vector,
                VectorCount = 1,
                Control = ctl,
                ControlLength = (nuint)control.Length,
            };
            var n = VrrpLibc.RecvMsg(fd, &message, SocketConstants.MSG_DONTWAIT);
            if (n < 0)
            {
                var errno = Libc.LastErrno;
                if (errno is Errno.EAGAIN) return;
                throw new ErrnoException(errno, "recvmsg");
            }
            var hopLimit = -1;
            ReadOnlySpan<byte> destination = default;
            var controlData = control.AsSpan(0, (int)message.ControlLength);
            // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then data, 8-aligned.
            while (controlData.Length >= 16)
            {
                var length = (int)MemoryMarshal.Read<ulong>(controlData);
                if (length < 16 || length > controlData.Length) break;
                var level = MemoryMarshal.Read<int>(controlData[8..]);
                var type = MemoryMarshal.Read<int>(controlData[12..]);
                var payload = controlData[16..length];
                if (level == VrrpLibc.IPPROTO_IPV6 && type == VrrpLibc.IPV6_HOPLIMIT && payload.Length >= 4)
                    hopLimit = MemoryMarshal.Read<int>(payload);
                else if (level == VrrpLibc.IPPROTO_IPV6 && type == VrrpLibc.IPV6_PKTINFO && payload.Length >= 20)
                    destination = payload[..16];
                var next = (length + 7) & ~7;
                if (next >= controlData.Length) break;
                controlData = controlData[next..];
            }
            Interlocked.Increment(ref _read);
            if (destination.IsEmpty) return;
            // struct sockaddr_in6 { family, port, flowinfo, sin6_addr (offset 8), scope_id }
            _sink.OnIpv6Packet(_interface, buffer.AsSpan(0, (int)n), name.Slice(8, 16), destination, hopLimit);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ReceiveLoopFailed, LogLevel.Error, "{Interface}: error while receiving VRRP; continuing")]
        public static partial void ReceiveFailed(ILogger logger, string @interface, Exception exception);
    }
}
