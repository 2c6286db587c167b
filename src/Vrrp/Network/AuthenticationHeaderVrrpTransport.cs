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
/// (<see cref="VrrpAuthenticationHeader"/>). As keepalived's vrrp_send_adv: one IP identification (1…65535)
/// and one AH sequence number (the instance's <see cref="StateMachine.AuthenticationHeaderCounter"/>) per
/// advert, the same in the copy for every unicast peer.
/// </summary>
internal sealed class AuthenticationHeaderVrrpTransport : PreparedVrrpTransport
{
    private const int IpHeaderIncluded = 3; // IP_HDRINCL

    private readonly byte[] _key;
    private readonly byte[] _buffer = new byte[VrrpAuthenticationHeader.MaxDatagramLength];
    private ushort _identification;

    public AuthenticationHeaderVrrpTransport(VrrpInstanceOptions options, LinuxVrrpNetwork network, ILogger logger)
        : base(options, network, logger)
    {
        _key = VrrpAuthenticationHeader.Key(options.Authentication?.Password ?? "");
    }

    protected override bool Send(SendSocket socket, VrrpAdvertisement advertisement, uint authenticationSequence)
    {
        // The identification wraps from 65535 to 1: the kernel would replace 0 after the ICV was computed.
        _identification = _identification == ushort.MaxValue ? (ushort)1 : (ushort)(_identification + 1);
        var sent = true;
        foreach (var target in socket.Targets)
        {
            if (!VrrpAuthenticationHeader.TryEncode(advertisement, socket.Source, target.Address, _key, _identification, authenticationSequence, Options.IsUnicast, _buffer, out var length))
                return false;
            sent &= socket.Socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, target.SocketAddress) == length;
        }
        return sent;
    }

    protected override Socket Open(IPAddress source, int index)
    {
        var socket = RawSocketFactory.Open(AddressFamily.InterNetwork, VrrpPacketCodec.AuthenticationHeaderProtocolNumber);
        try
        {
            LinuxVrrpNetwork.BindToDevice(socket, Options.TransmitInterface);
            RawVrrpTransport.SetInt(socket, VrrpLibc.IPPROTO_IP, IpHeaderIncluded, 1);
            RawVrrpTransport.SetInt(socket, VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_LOOP, 0);
            RawVrrpTransport.SetMulticastInterface(socket, index);
            RawVrrpTransport.SendOnly(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
