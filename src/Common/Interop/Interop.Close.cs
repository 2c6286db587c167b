using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    // close(2) is never retried on EINTR: on Linux the descriptor is released even then,
    // and retrying could close a descriptor another thread just opened.
    [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
