namespace LvsDirector.Common.Interop;

/// <summary>A libc call failed: the typed errno and the operation that was attempted ("bind(AF_NETLINK)").</summary>
internal sealed class ErrnoException : Exception
{
    public ErrnoException(Errno errno, string operation)
        : base(operation + ": " + ErrnoText.DescribeWithName(errno))
    {
        Errno = errno;
        Operation = operation;
    }

    public Errno Errno { get; }

    public string Operation { get; }
}
