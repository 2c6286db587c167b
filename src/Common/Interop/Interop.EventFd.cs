using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;

    /// <summary>eventfd(2): a descriptor whose 64-bit counter wakes a poll(2) or epoll wait when written.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial SafeFdHandle EventFd(uint initialValue, int flags);

    /// <summary>eventfd_write(3): adds <paramref name="value"/> to the counter; 0, or -1 with errno.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "eventfd_write", SetLastError = true)]
    internal static partial int EventFdWrite(SafeFdHandle fd, ulong value);

    /// <summary>eventfd_read(3): reads and resets the counter; 0, or -1 with errno (EAGAIN when it is zero on a non-blocking descriptor).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "eventfd_read", SetLastError = true)]
    internal static unsafe partial int EventFdRead(SafeFdHandle fd, ulong* value);
}
