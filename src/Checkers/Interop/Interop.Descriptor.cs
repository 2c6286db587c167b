using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>
    /// socket(2), recv(2) and send(2) on a plain descriptor number, for a checker connection that owns its descriptor
    /// itself (one per probe: a <see cref="SafeFdHandle"/> would add a finalizable object, and a reference count taken
    /// and released around every call). The sockets are non-blocking, so recv and send never sleep and never fail with
    /// EINTR (no retry loop): bytes transferred, or -1 with errno (EAGAIN: nothing to read, no room to write).
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int SocketDescriptor(int domain, int type, int protocol);

    /// <inheritdoc cref="SocketDescriptor"/>
    [LibraryImport(Libraries.Libc, EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint RecvDescriptor(int fd, void* buffer, nuint length, int flags);

    /// <inheritdoc cref="SocketDescriptor"/>
    [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
    internal static unsafe partial nint SendDescriptor(int fd, void* buffer, nuint length, int flags);
}
