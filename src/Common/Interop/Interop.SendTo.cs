using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    [LibraryImport(Libraries.Libc, EntryPoint = "sendto", SetLastError = true)]
    private static unsafe partial nint SendToNative(SafeFdHandle fd, void* buffer, nuint length, int flags, void* address, uint addressLength);

    /// <summary>sendto(2), retried on EINTR: bytes sent or -1 with errno.</summary>
    internal static unsafe nint SendTo(SafeFdHandle fd, void* buffer, nuint length, int flags, void* address, uint addressLength)
    {
        nint rc;
        do
        {
            rc = SendToNative(fd, buffer, length, flags, address, addressLength);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }
}
