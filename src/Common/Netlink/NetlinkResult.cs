using LvsDirector.Common.Interop;

namespace LvsDirector.Common.Netlink;

/// <summary>The kernel's answer to one request of a batch: <see cref="Errno.None"/> for an ACK, else the errno and any extended-ACK text.</summary>
internal readonly record struct NetlinkResult(Errno Error, string? KernelMessage)
{
    public static NetlinkResult Ack => new(Errno.None, null);

    public bool Succeeded => Error == Errno.None;
}
