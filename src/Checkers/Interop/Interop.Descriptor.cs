using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>
    /// socket(2), recv(2) and send(2) on a plain descriptor number, for a checker connection that owns its descriptor
    /// itself (one per probe: a <see cref="SafeFdHandle"/> would add a finalizable object, and a reference count taken
    /// and released around every call).
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int SocketDescriptor(int domain, int type, int protocol);

    [LibraryImport(Libraries.Libc, EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint RecvDescriptorNative(int fd, void* buffer, nuint length, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint SendDescriptorNative(int fd, void* buffer, nuint length, int flags);

    /// <summary>recv(2) on a descriptor the caller keeps open, retried on EINTR: bytes received or -1 with errno.</summary>
    internal static unsafe nint RecvDescriptor(int fd, void* buffer, nuint length, int flags)
    {
        nint rc;
        do
        {
            rc = RecvDescriptorNative(fd, buffer, length, flags);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }

    /// <summary>send(2) on a descriptor the caller keeps open, retried on EINTR: bytes sent or -1 with errno.</summary>
    internal static unsafe nint SendDescriptor(int fd, void* buffer, nuint length, int flags)
    {
        nint rc;
        do
        {
            rc = SendDescriptorNative(fd, buffer, length, flags);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }
}
