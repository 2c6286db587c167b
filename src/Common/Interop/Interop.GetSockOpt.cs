using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>getsockopt(2): 0 or -1 with errno; <paramref name="optionLength"/> is in/out.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getsockopt", SetLastError = true)]
    internal static unsafe partial int GetSockOpt(SafeFdHandle fd, int level, int optionName, void* optionValue, uint* optionLength);

    /// <summary>getsockopt(2) of an int option; -1 with errno on failure.</summary>
    internal static unsafe int GetSockOpt(SafeFdHandle fd, int level, int optionName, out int value)
    {
        int v = 0;
        uint len = sizeof(int);
        int rc = GetSockOpt(fd, level, optionName, &v, &len);
        value = v;
        return rc;
    }
}
