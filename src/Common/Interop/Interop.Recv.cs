using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    [LibraryImport(Libraries.Libc, EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint RecvNative(SafeFdHandle fd, void* buffer, nuint length, int flags);

    /// <summary>recv(2), retried on EINTR: bytes received (the full datagram length with MSG_TRUNC) or -1 with errno.</summary>
    internal static unsafe nint Recv(SafeFdHandle fd, void* buffer, nuint length, int flags)
    {
        nint rc;
        do
        {
            rc = RecvNative(fd, buffer, length, flags);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }
}
