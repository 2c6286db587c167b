using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Interop;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Sends gratuitous ARPs and unsolicited NAs as whole Ethernet frames on an AF_PACKET socket, the way
/// keepalived does, so the frames are exactly those of <see cref="GratuitousArpFrame"/> and
/// <see cref="UnsolicitedNeighborAdvertisementFrame"/> (an ICMPv6 socket would need the VIP bound as
/// source while it may still be tentative).
/// </summary>
internal sealed class PacketFrameSender : IGratuitousFrameSender, IDisposable
{
    private readonly SafeFdHandle _socket;
    private readonly InterfaceInfo _interfaces;
    private readonly byte[] _frame = new byte[UnsolicitedNeighborAdvertisementFrame.Length];
    private readonly object _gate = new();

    public PacketFrameSender(InterfaceInfo interfaces)
    {
        _interfaces = interfaces;
        // Protocol 0: send only, nothing is queued for reading.
        _socket = Libc.CheckErrno(Libc.Socket(SocketConstants.AF_PACKET, SocketConstants.SOCK_RAW | SocketConstants.SOCK_CLOEXEC, 0), "socket(AF_PACKET)");
    }

    public unsafe void Send(string device, IPAddress address)
    {
        var index = _interfaces.GetIndex(device);
        var mac = _interfaces.GetHardwareAddress(device);
        if (index == 0 || mac is null) throw new InvalidOperationException($"no interface {device}");
        lock (_gate)
        {
            Span<byte> target = stackalloc byte[16];
            address.TryWriteBytes(target, out var length);
            int written;
            var ok = address.AddressFamily == AddressFamily.InterNetworkV6
                ? UnsolicitedNeighborAdvertisementFrame.TryWrite(_frame, mac, target[..length], out written)
                : GratuitousArpFrame.TryWrite(_frame, mac, target[..length], ArpOperation.Request, out written);
            if (!ok) throw new InvalidOperationException($"cannot build an announcement for {address}");

            var link = new VrrpLibc.SockaddrLinkLayer
            {
                Family = SocketConstants.AF_PACKET,
                InterfaceIndex = index,
                AddressLength = 6,
            };
            for (var i = 0; i < 6; i++) link.Address[i] = _frame[i];
            fixed (byte* p = _frame)
            {
                if (Libc.SendTo(_socket, p, (nuint)written, 0, &link, (uint)sizeof(VrrpLibc.SockaddrLinkLayer)) < 0)
                    throw new IOException($"sendto on {device}: {Libc.LastErrno}");
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
