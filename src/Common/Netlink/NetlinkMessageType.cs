namespace LvsDirector.Common.Netlink;

/// <summary>
/// The control message types every netlink protocol shares (NLMSG_*). Protocol message types start at
/// <see cref="MinProtocolType"/> (RTM_* for rtnetlink, the dynamic family id for generic netlink).
/// </summary>
internal static class NetlinkMessageType
{
    public const ushort Noop = 1;
    public const ushort Error = 2;
    public const ushort Done = 3;
    public const ushort Overrun = 4;

    /// <summary>NLMSG_MIN_TYPE: types below it are reserved for control messages.</summary>
    public const ushort MinProtocolType = 0x10;
}
