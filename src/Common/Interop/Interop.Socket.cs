using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>socket(2). Returns an invalid handle on failure (check with <see cref="CheckErrno(SafeFdHandle, string)"/>).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial SafeFdHandle Socket(int domain, int type, int protocol);
}
