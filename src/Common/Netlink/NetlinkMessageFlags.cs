namespace LvsDirector.Common.Netlink;

/// <summary>nlmsg_flags (include/uapi/linux/netlink.h). The 0x100–0x800 bits mean different things for GET, NEW and ACK messages.</summary>
[Flags]
internal enum NetlinkMessageFlags : ushort
{
    None = 0,
    Request = 0x1,
    Multi = 0x2,
    Ack = 0x4,
    Echo = 0x8,
    DumpInterrupted = 0x10,
    DumpFiltered = 0x20,

    // GET requests
    Root = 0x100,
    Match = 0x200,
    Atomic = 0x400,
    Dump = Root | Match,

    // NEW requests
    Replace = 0x100,
    Exclusive = 0x200,
    Create = 0x400,
    Append = 0x800,

    // NLMSG_ERROR acknowledgements
    Capped = 0x100,
    AckTlvs = 0x200,
}
