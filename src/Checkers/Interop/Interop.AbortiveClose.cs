using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    private const int SoLinger = 13; // SO_LINGER, asm-generic/socket.h

    [StructLayout(LayoutKind.Sequential)]
    private struct Linger
    {
        public int OnOff;
        public int Seconds;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    private static unsafe partial int SetSockOptNative(int fd, int level, int optionName, void* optionValue, uint optionLength);

    /// <summary>
    /// SO_LINGER {on, 0 s} on a connected TCP descriptor, so that its close(2) resets the connection instead of a FIN
    /// exchange that leaves the checker's side in TIME_WAIT for 60 s: at 10,000 checks/s that would be ~600,000
    /// sockets, past the kernel's tcp_max_tw_buckets (the kernel then logs "time wait bucket table overflow").
    /// keepalived 2.x closes gracefully (SO_LINGER {on, 5 s}) and fills that table; HAProxy's health checks reset, as
    /// these do (and keepalived's first versions did: SO_LINGER 0). 0, or -1 with errno (ignored by callers: the close
    /// then is merely graceful).
    /// </summary>
    internal static unsafe int SetAbortiveClose(int fd)
    {
        var linger = new Linger { OnOff = 1, Seconds = 0 };
        return SetSockOptNative(fd, SocketConstants.SOL_SOCKET, SoLinger, &linger, (uint)sizeof(Linger));
    }
}
