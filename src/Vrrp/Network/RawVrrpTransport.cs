using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Interop;
using LvsDirector.Vrrp.Protocol;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Sends one instance's adverts on a raw IP socket, protocol 112: TTL / hop limit 255, DSCP CS6 as
/// keepalived, bound to the interface and to the source address (so the VRRPv3 pseudo-header checksum
/// is computed over the address actually used), to the multicast group or to each unicast peer.
/// </summary>
internal sealed partial class RawVrrpTransport : IVrrpTransport, IDisposable
{
    private const int TrafficClassCs6 = 0xC0;

    private readonly VrrpInstanceOptions _options;
    private readonly LinuxVrrpNetwork _network;
    private readonly ILogger _logger;
    private readonly byte[] _buffer = new byte[VrrpPacketCodec.MaxMessageLength + VrrpPacketCodec.V2AuthenticationDataLength];
    private readonly object _gate = new();
    private Socket? _socket;
    private IPAddress? _source;
    private int _interfaceIndex;

    public RawVrrpTransport(VrrpInstanceOptions options, LinuxVrrpNetwork network, ILogger logger)
    {
        _options = options;
        _network = network;
        _logger = logger;
    }

    public IPAddress? PrimaryAddress
    {
        get
        {
            lock (_gate) return _source ?? _options.SourceAddress ?? _network.FindPrimaryAddress(_options);
        }
    }

    public bool Send(VrrpAdvertisement advertisement)
    {
        lock (_gate)
        {
            try
            {
                var socket = EnsureSocket();
                if (socket is null || _source is null) return false;
                var v6 = _options.EffectiveFamily == AddressFamily.InterNetworkV6;
                var sent = true;
                foreach (var destination in Destinations())
                {
                    if (!VrrpPacketCodec.TryEncode(advertisement, _source, destination, _options.ChecksumMode, _buffer, out var length))
                        return false;
                    var target = v6 && (destination.IsIPv6LinkLocal || destination.IsIPv6Multicast)
                        ? new IPAddress(destination.GetAddressBytes(), _interfaceIndex)
                        : destination;
                    sent &= socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, new IPEndPoint(target, 0)) == length;
                }
                return sent;
            }
            catch (SocketException ex)
            {
                Log.SendFailed(_logger, _options.Interface, ex.SocketErrorCode.ToString());
                // The source address or the interface may have changed: reopen next time.
                _socket?.Dispose();
                _socket = null;
                _source = null;
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }

    private IEnumerable<IPAddress> Destinations() =>
        _options.IsUnicast ? _options.UnicastPeers.Select(p => p.Address) : [_options.EffectiveMulticastGroup];

    private Socket? EnsureSocket()
    {
        if (_socket is not null) return _socket;
        var source = _options.SourceAddress ?? _network.FindPrimaryAddress(_options);
        var index = _network.Interfaces.GetIndex(_options.TransmitInterface);
        if (source is null || index == 0) return null;
        _socket = _network.InNamespace(() => Open(source, index));
        _source = source;
        _interfaceIndex = index;
        return _socket;
    }

    private Socket Open(IPAddress source, int index)
    {
        var v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        var socket = RawSocketFactory.OpenVrrp(source.AddressFamily);
        try
        {
            LinuxVrrpNetwork.BindToDevice(socket, _options.TransmitInterface);
            // Raw option numbers throughout: the managed option mapping rejects some of these on raw sockets.
            if (v6)
            {
                SetInt(socket, VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_MULTICAST_HOPS, VrrpPacketCodec.RequiredTtl);
                SetInt(socket, VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_UNICAST_HOPS, VrrpPacketCodec.RequiredTtl);
                SetInt(socket, VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_MULTICAST_LOOP, 0);
                SetInt(socket, VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_MULTICAST_IF, index);
                SetInt(socket, VrrpLibc.IPPROTO_IPV6, VrrpLibc.IPV6_TCLASS, TrafficClassCs6);
                var bound = source.IsIPv6LinkLocal ? new IPAddress(source.GetAddressBytes(), index) : source;
                socket.Bind(new IPEndPoint(bound, 0));
            }
            else
            {
                SetInt(socket, VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_TTL, VrrpPacketCodec.RequiredTtl);
                SetInt(socket, VrrpLibc.IPPROTO_IP, VrrpLibc.IP_TTL, VrrpPacketCodec.RequiredTtl);
                SetInt(socket, VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_LOOP, 0);
                SetInt(socket, VrrpLibc.IPPROTO_IP, VrrpLibc.IP_TOS, TrafficClassCs6);
                // struct ip_mreqn { imr_multiaddr, imr_address, imr_ifindex }: send multicast out of this interface.
                var mreqn = new byte[12];
                BitConverter.TryWriteBytes(mreqn.AsSpan(8), index);
                socket.SetRawSocketOption(VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_IF, mreqn);
                socket.Bind(new IPEndPoint(source, 0));
            }
            // Send-only: keep what the kernel queues for it (unicast VRRP to our source) small.
            socket.ReceiveBufferSize = 4096;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static void SetInt(Socket socket, int level, int name, int value) =>
        socket.SetRawSocketOption(level, name, BitConverter.GetBytes(value));

    private static partial class Log
    {
        [LoggerMessage(EventIds.SocketError, LogLevel.Warning, "{Interface}: VRRP send failed: {Error}")]
        public static partial void SendFailed(ILogger logger, string @interface, string error);
    }
}
