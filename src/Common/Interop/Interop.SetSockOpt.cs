using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>setsockopt(2): 0 or -1 with errno.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(SafeFdHandle fd, int level, int optionName, void* optionValue, uint optionLength);

    /// <summary>setsockopt(2) with an int value.</summary>
    internal static unsafe int SetSockOpt(SafeFdHandle fd, int level, int optionName, int value) =>
        SetSockOpt(fd, level, optionName, &value, sizeof(int));
}
