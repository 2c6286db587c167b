using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Interop;
using LvsDirector.Vrrp.Protocol;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Sends one VRRPv2 instance's adverts with keepalived's <c>auth_type AH</c>: a raw IPv4 socket for IP
/// protocol 51 with IP_HDRINCL, because the ICV covers the IPv4 header and so the header must be ours
/// (<see cref="VrrpAuthenticationHeader"/>). IP identification and AH sequence number count up per packet
/// from 1, as keepalived's do.
/// </summary>
internal sealed partial class AuthenticationHeaderVrrpTransport : IVrrpTransport, IDisposable
{
    private const int IpHeaderIncluded = 3; // IP_HDRINCL

    private readonly VrrpInstanceOptions _options;
    private readonly LinuxVrrpNetwork _network;
    private readonly ILogger _logger;
    private readonly byte[] _key;
    private readonly byte[] _buffer = new byte[VrrpAuthenticationHeader.MaxDatagramLength];
    private readonly object _gate = new();
    private Socket? _socket;
    private IPAddress? _source;
    private ushort _identification;
    private uint _sequence;

    public AuthenticationHeaderVrrpTransport(VrrpInstanceOptions options, LinuxVrrpNetwork network, ILogger logger)
    {
        _options = options;
        _network = network;
        _logger = logger;
        _key = VrrpAuthenticationHeader.Key(options.Authentication?.Password ?? "");
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
                var sent = true;
                foreach (var destination in Destinations())
                {
                    // keepalived: the identification wraps from 65535 to 1 (0 would be replaced by the kernel).
                    _identification = _identification == ushort.MaxValue ? (ushort)1 : (ushort)(_identification + 1);
                    _sequence++;
                    if (!VrrpAuthenticationHeader.TryEncode(advertisement, _source, destination, _key, _identification, _sequence, _options.IsUnicast, _buffer, out var length))
                        return false;
                    sent &= socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, new IPEndPoint(destination, 0)) == length;
                }
                return sent;
            }
            catch (SocketException ex)
            {
                Log.SendFailed(_logger, _options.Interface, ex.SocketErrorCode.ToString());
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
        _socket = _network.InNamespace(() => Open(index));
        _source = source;
        return _socket;
    }

    private Socket Open(int index)
    {
        var socket = RawSocketFactory.Open(AddressFamily.InterNetwork, VrrpPacketCodec.AuthenticationHeaderProtocolNumber);
        try
        {
            LinuxVrrpNetwork.BindToDevice(socket, _options.TransmitInterface);
            RawVrrpTransport.SetInt(socket, VrrpLibc.IPPROTO_IP, IpHeaderIncluded, 1);
            RawVrrpTransport.SetInt(socket, VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_LOOP, 0);
            var mreqn = new byte[12];
            BitConverter.TryWriteBytes(mreqn.AsSpan(8), index);
            socket.SetRawSocketOption(VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_IF, mreqn);
            socket.ReceiveBufferSize = 4096;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SocketError, LogLevel.Warning, "{Interface}: VRRP (AH) send failed: {Error}")]
        public static partial void SendFailed(ILogger logger, string @interface, string error);
    }
}
