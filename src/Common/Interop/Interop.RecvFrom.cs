using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    [LibraryImport(Libraries.Libc, EntryPoint = "recvfrom", SetLastError = true)]
    private static unsafe partial nint RecvFromNative(SafeFdHandle fd, void* buffer, nuint length, int flags, void* address, uint* addressLength);

    /// <summary>recvfrom(2), retried on EINTR: bytes received or -1 with errno; <paramref name="addressLength"/> is in/out.</summary>
    internal static unsafe nint RecvFrom(SafeFdHandle fd, void* buffer, nuint length, int flags, void* address, uint* addressLength)
    {
        nint rc;
        do
        {
            rc = RecvFromNative(fd, buffer, length, flags, address, addressLength);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }
}
