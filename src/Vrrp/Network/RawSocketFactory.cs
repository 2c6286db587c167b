using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Opens raw IPPROTO_VRRP sockets with socket(2) and hands them to a managed <see cref="Socket"/>:
/// <c>new Socket(family, SocketType.Raw, (ProtocolType)112)</c> throws ProtocolNotSupported because the
/// runtime only maps the protocol numbers it knows.
/// </summary>
internal static class RawSocketFactory
{
    public static Socket OpenVrrp(AddressFamily family) => Open(family, VrrpPacketCodec.IpProtocolNumber);

    /// <summary>A raw socket for IP protocol <paramref name="protocol"/> (112 VRRP, 51 AH for keepalived's <c>auth_type AH</c>).</summary>
    public static Socket Open(AddressFamily family, int protocol)
    {
        var domain = family == AddressFamily.InterNetworkV6 ? SocketConstants.AF_INET6 : SocketConstants.AF_INET;
        var owning = Libc.CheckErrno(Libc.Socket(domain, SocketConstants.SOCK_RAW | SocketConstants.SOCK_CLOEXEC, protocol), $"socket(SOCK_RAW, {protocol})");
        var fd = owning.Fd;
        // The managed Socket takes ownership of the descriptor.
        owning.SetHandleAsInvalid();
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }
}
