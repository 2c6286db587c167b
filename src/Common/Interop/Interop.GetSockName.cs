using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>getsockname(2): 0 or -1 with errno; <paramref name="addressLength"/> is in/out.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getsockname", SetLastError = true)]
    internal static unsafe partial int GetSockName(SafeFdHandle fd, void* address, uint* addressLength);
}
