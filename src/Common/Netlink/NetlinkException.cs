using LvsDirector.Common.Interop;

namespace LvsDirector.Common.Netlink;

/// <summary>
/// A netlink request failed: the kernel's errno, what was asked (in the caller's words, e.g.
/// "add dest 198.51.100.11:80 to TCP 192.0.2.100:80") and the kernel's extended-ACK text if it sent one.
/// Message: "add dest …: No such process (ESRCH)".
/// </summary>
internal sealed class NetlinkException : Exception
{
    public NetlinkException(Errno errno, string operation, string? kernelMessage = null, Exception? inner = null)
        : base(Format(errno, operation, kernelMessage), inner)
    {
        Errno = errno;
        Operation = operation;
        KernelMessage = kernelMessage;
    }

    public Errno Errno { get; }

    public string Operation { get; }

    /// <summary>NLMSGERR_ATTR_MSG, when the kernel explained itself.</summary>
    public string? KernelMessage { get; }

    private static string Format(Errno errno, string operation, string? kernelMessage) =>
        operation + ": " + ErrnoText.DescribeWithName(errno) + (string.IsNullOrEmpty(kernelMessage) ? "" : " (kernel: " + kernelMessage + ")");
}
