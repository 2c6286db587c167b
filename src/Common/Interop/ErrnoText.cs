namespace LvsDirector.Common.Interop;

/// <summary>glibc's strerror wording for the errno values we meet, so messages read like the C tools' (ipvsadm, ip).</summary>
internal static class ErrnoText
{
    /// <summary>"No such process" for ESRCH; "errno 123" for a value we have no text for.</summary>
    internal static string Describe(Errno errno) => errno switch
    {
        Errno.None => "Success",
        Errno.EPERM => "Operation not permitted",
        Errno.ENOENT => "No such file or directory",
        Errno.ESRCH => "No such process",
        Errno.EINTR => "Interrupted system call",
        Errno.EIO => "Input/output error",
        Errno.ENXIO => "No such device or address",
        Errno.E2BIG => "Argument list too long",
        Errno.EBADF => "Bad file descriptor",
        Errno.EAGAIN => "Resource temporarily unavailable",
        Errno.ENOMEM => "Cannot allocate memory",
        Errno.EACCES => "Permission denied",
        Errno.EFAULT => "Bad address",
        Errno.EBUSY => "Device or resource busy",
        Errno.EEXIST => "File exists",
        Errno.ENODEV => "No such device",
        Errno.ENOTDIR => "Not a directory",
        Errno.EISDIR => "Is a directory",
        Errno.EINVAL => "Invalid argument",
        Errno.ENFILE => "Too many open files in system",
        Errno.EMFILE => "Too many open files",
        Errno.ENOSPC => "No space left on device",
        Errno.EROFS => "Read-only file system",
        Errno.EPIPE => "Broken pipe",
        Errno.ERANGE => "Numerical result out of range",
        Errno.ENAMETOOLONG => "File name too long",
        Errno.ENOSYS => "Function not implemented",
        Errno.ENOTEMPTY => "Directory not empty",
        Errno.ELOOP => "Too many levels of symbolic links",
        Errno.ENOMSG => "No message of desired type",
        Errno.ENODATA => "No data available",
        Errno.EPROTO => "Protocol error",
        Errno.EBADMSG => "Bad message",
        Errno.EOVERFLOW => "Value too large for defined data type",
        Errno.ENOTSOCK => "Socket operation on non-socket",
        Errno.EMSGSIZE => "Message too long",
        Errno.ENOPROTOOPT => "Protocol not available",
        Errno.EPROTONOSUPPORT => "Protocol not supported",
        Errno.EOPNOTSUPP => "Operation not supported",
        Errno.EAFNOSUPPORT => "Address family not supported by protocol",
        Errno.EADDRINUSE => "Address already in use",
        Errno.EADDRNOTAVAIL => "Cannot assign requested address",
        Errno.ENETDOWN => "Network is down",
        Errno.ENETUNREACH => "Network is unreachable",
        Errno.ECONNABORTED => "Software caused connection abort",
        Errno.ECONNRESET => "Connection reset by peer",
        Errno.ENOBUFS => "No buffer space available",
        Errno.ENOTCONN => "Transport endpoint is not connected",
        Errno.ETIMEDOUT => "Connection timed out",
        Errno.ECONNREFUSED => "Connection refused",
        Errno.EHOSTUNREACH => "No route to host",
        Errno.EALREADY => "Operation already in progress",
        Errno.EINPROGRESS => "Operation now in progress",
        _ => "errno " + ((int)errno).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>"ESRCH" for a named value, "errno 123" otherwise.</summary>
    internal static string Name(Errno errno) =>
        Enum.IsDefined(errno) ? errno.ToString() : "errno " + ((int)errno).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"No such process (ESRCH)".</summary>
    internal static string DescribeWithName(Errno errno) => Describe(errno) + " (" + Name(errno) + ")";
}
