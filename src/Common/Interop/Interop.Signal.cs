using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    internal const int SIGHUP = 1;

    /// <summary>signal(2)'s SIG_DFL and SIG_IGN, as the handler values glibc defines.</summary>
    internal static readonly nint SigDfl = 0;
    internal static readonly nint SigIgn = 1;

    /// <summary>signal(2): sets a signal's disposition and returns the previous one (SIG_ERR, -1, on failure).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "signal", SetLastError = true)]
    internal static partial nint Signal(int signum, nint handler);
}
