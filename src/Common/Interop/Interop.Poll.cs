using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int PollNative(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>
    /// poll(2), retried on EINTR with the same timeout (callers use it only for short waits):
    /// the number of ready descriptors, 0 on timeout, or -1 with errno.
    /// </summary>
    internal static unsafe int Poll(PollFd* fds, nuint count, int timeoutMilliseconds)
    {
        int rc;
        do
        {
            rc = PollNative(fds, count, timeoutMilliseconds);
        }
        while (rc < 0 && LastErrno == Errno.EINTR);
        return rc;
    }
}
