using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    /// <summary>
    /// The errno of the last libc call on this thread. The one place that reads
    /// <see cref="Marshal.GetLastPInvokeError"/>; every wrapper and <see cref="CheckErrno(long, string)"/> go through it.
    /// </summary>
    internal static Errno LastErrno => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>Throws <see cref="ErrnoException"/> naming <paramref name="operation"/> when a libc call returned a negative result.</summary>
    internal static long CheckErrno(long result, string operation)
    {
        if (result < 0) throw new ErrnoException(LastErrno, operation);
        return result;
    }

    /// <summary>Throws when a descriptor-returning call failed.</summary>
    internal static SafeFdHandle CheckErrno(SafeFdHandle handle, string operation)
    {
        if (handle.IsInvalid)
        {
            var errno = LastErrno;
            handle.Dispose();
            throw new ErrnoException(errno, operation);
        }
        return handle;
    }
}
