using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>
    /// connect(2) on a socket the managed <see cref="System.Net.Sockets.Socket"/> owns (its descriptor, kept alive by
    /// the caller): 0, or -1 with errno (EINPROGRESS: a non-blocking connect has started).
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "connect", SetLastError = true)]
    internal static unsafe partial int Connect(int fd, byte* address, uint addressLength);
}
