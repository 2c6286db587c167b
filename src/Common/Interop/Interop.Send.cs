using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint SendNative(SafeFdHandle fd, void* buffer, nuint length, int flags);

    /// <summary>send(2), retried on EINTR: bytes sent or -1 with errno.</summary>
    internal static unsafe nint Send(SafeFdHandle fd, void* buffer, nuint length, int flags)
    {
        nint rc;
        do
        {
            rc = SendNative(fd, buffer, length, flags);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }
}
