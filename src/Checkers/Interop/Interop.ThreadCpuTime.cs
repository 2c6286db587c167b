using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID, linux/time.h

    [LibraryImport(Libraries.Libc, EntryPoint = "clock_gettime", SetLastError = true)]
    private static unsafe partial int ClockGetTimeNative(int clockId, long* timespec);

    /// <summary>CPU time the calling thread has used, in nanoseconds (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), or -1 on error.</summary>
    internal static unsafe long ThreadCpuTimeNanoseconds()
    {
        var timespec = stackalloc long[2]; // struct timespec on 64-bit Linux: tv_sec, tv_nsec
        return ClockGetTimeNative(ClockThreadCpuTimeId, timespec) == 0 ? timespec[0] * 1_000_000_000 + timespec[1] : -1;
    }
}
