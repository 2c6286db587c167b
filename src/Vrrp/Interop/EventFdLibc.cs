using System.Runtime.InteropServices;
using LvsDirector.Common.Interop;

namespace LvsDirector.Vrrp.Interop;

/// <summary>eventfd(2) and write(2): how a thread blocked in poll(2) on a netlink socket is woken to stop.</summary>
internal static partial class EventFdLibc
{
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;

    [LibraryImport(Libraries.Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial SafeFdHandle EventFd(uint initialValue, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(SafeFdHandle fd, void* buffer, nuint count);
}
