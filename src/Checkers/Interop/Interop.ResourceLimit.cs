using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    private const int RlimitNoFile = 7; // RLIMIT_NOFILE, bits/resource.h (x86-64, arm64)

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
    private static unsafe partial int GetResourceLimit(int resource, ResourceLimit* limit);

    /// <summary>The process's soft limit on open descriptors (RLIMIT_NOFILE), or -1 when it cannot be read; RLIM_INFINITY reads as long.MaxValue.</summary>
    internal static unsafe long OpenFilesSoftLimit()
    {
        ResourceLimit limit;
        if (GetResourceLimit(RlimitNoFile, &limit) < 0) return -1;
        return limit.Current > long.MaxValue ? long.MaxValue : (long)limit.Current;
    }
}
