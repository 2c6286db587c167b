using System.Runtime.InteropServices;
using System.Text;
using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Interface index, hardware address and link state through ioctl(2) on one socket. The socket was
/// opened in the router's network namespace, so the answers are for that namespace whatever thread asks
/// (unlike if_nametoindex(3) or /sys, which follow the calling thread or the mount namespace).
/// </summary>
internal sealed class InterfaceInfo : IDisposable
{
    private readonly SafeFdHandle _socket;

    public InterfaceInfo()
    {
        _socket = Libc.CheckErrno(Libc.Socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC, 0), "socket for interface ioctls");
    }

    /// <summary>The interface index, or 0 if there is no such interface.</summary>
    public unsafe int GetIndex(string name)
    {
        Span<byte> request = stackalloc byte[VrrpLibc.IfreqSize];
        if (!Prepare(request, name)) return 0;
        fixed (byte* p = request)
            if (VrrpLibc.Ioctl(_socket, VrrpLibc.SIOCGIFINDEX, p) != 0) return 0;
        return MemoryMarshal.Read<int>(request[VrrpLibc.IfNameSize..]);
    }

    /// <summary>The 6-octet hardware address, or null.</summary>
    public unsafe byte[]? GetHardwareAddress(string name)
    {
        Span<byte> request = stackalloc byte[VrrpLibc.IfreqSize];
        if (!Prepare(request, name)) return null;
        fixed (byte* p = request)
            if (VrrpLibc.Ioctl(_socket, VrrpLibc.SIOCGIFHWADDR, p) != 0) return null;
        // ifr_hwaddr is a struct sockaddr: sa_family (2) then sa_data.
        return request.Slice(VrrpLibc.IfNameSize + 2, 6).ToArray();
    }

    /// <summary>Up with carrier (IFF_UP and IFF_RUNNING); false for an unknown interface.</summary>
    public unsafe bool IsUp(string name)
    {
        Span<byte> request = stackalloc byte[VrrpLibc.IfreqSize];
        if (!Prepare(request, name)) return false;
        fixed (byte* p = request)
            if (VrrpLibc.Ioctl(_socket, VrrpLibc.SIOCGIFFLAGS, p) != 0) return false;
        var flags = MemoryMarshal.Read<short>(request[VrrpLibc.IfNameSize..]);
        return (flags & VrrpLibc.IFF_UP) != 0 && (flags & VrrpLibc.IFF_RUNNING) != 0;
    }

    private static bool Prepare(Span<byte> request, string name)
    {
        request.Clear();
        if (name.Length == 0 || Encoding.ASCII.GetByteCount(name) >= VrrpLibc.IfNameSize) return false;
        Encoding.ASCII.GetBytes(name, request);
        return true;
    }

    public void Dispose() => _socket.Dispose();
}
