using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    private const ushort AfUnspec = 0; // AF_UNSPEC, bits/socket.h

    /// <summary>
    /// connect(2) with an AF_UNSPEC address: the kernel's tcp_disconnect. An established (or closing) connection is reset,
    /// as a close with SO_LINGER 0 would reset it, and the socket returns to CLOSED, unbound from its ephemeral port and
    /// ready for another connect; its options (SO_MARK, SO_BINDTODEVICE, a bind) stay. The next connect clears the
    /// ECONNRESET the reset leaves pending. 0, or -1 with errno.
    /// </summary>
    internal static unsafe int Disconnect(int fd)
    {
        // struct sockaddr: only the family is read (sa_family_t, then 14 bytes of data).
        var address = stackalloc byte[16];
        new Span<byte>(address, 16).Clear();
        *(ushort*)address = AfUnspec;
        return Connect(fd, address, 16);
    }
}
