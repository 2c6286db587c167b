using System.Runtime.InteropServices;

namespace LvsDirector.Common.Netlink;

/// <summary>struct sockaddr_nl (include/uapi/linux/netlink.h): 12 bytes, native byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockaddrNetlink
{
    public ushort Family;
    public ushort Pad;
    public uint PortId;
    public uint Groups;
}
