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
internal sealed class RawVrrpTransport(VrrpInstanceOptions options, LinuxVrrpNetwork network, ILogger logger)
    : PreparedVrrpTransport(options, network, logger)
{
    private const int TrafficClassCs6 = 0xC0;

    private readonly byte[] _buffer = new byte[VrrpPacketCodec.MaxMessageLength + VrrpPacketCodec.V2AuthenticationDataLength];

    protected override bool Send(SendSocket socket, VrrpAdvertisement advertisement, uint authenticationSequence)
    {
        var sent = true;
        foreach (var target in socket.Targets)
        {
            if (!VrrpPacketCodec.TryEncode(advertisement, socket.Source, target.Address, Options.ChecksumMode, _buffer, out var length))
                return false;
            sent &= socket.Socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, target.SocketAddress) == length;
        }
        return sent;
    }

    protected override Socket Open(IPAddress source, int index)
    {
        var v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        var socket = RawSocketFactory.OpenVrrp(source.AddressFamily);
        try
        {
            LinuxVrrpNetwork.BindToDevice(socket, Options.TransmitInterface);
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
                SetMulticastInterface(socket, index);
                socket.Bind(new IPEndPoint(source, 0));
            }
            SendOnly(socket);
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

    /// <summary>struct ip_mreqn { imr_multiaddr, imr_address, imr_ifindex }: send IPv4 multicast out of this interface.</summary>
    internal static void SetMulticastInterface(Socket socket, int index)
    {
        var mreqn = new byte[12];
        BitConverter.TryWriteBytes(mreqn.AsSpan(8), index);
        socket.SetRawSocketOption(VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_IF, mreqn);
    }

    /// <summary>
    /// A raw socket also receives every packet of its protocol; a send-only one queues none of them:
    /// a filter that accepts nothing, and a small buffer (under a flood the kernel would otherwise copy
    /// each packet into it).
    /// </summary>
    internal static void SendOnly(Socket socket)
    {
        socket.ReceiveBufferSize = 4096;
        SocketFilter.AttachRejectAll(socket);
    }
}
