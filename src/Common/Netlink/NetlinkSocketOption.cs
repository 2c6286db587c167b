namespace LvsDirector.Common.Netlink;

/// <summary>SOL_NETLINK socket options (include/uapi/linux/netlink.h).</summary>
internal static class NetlinkSocketOption
{
    public const int SolNetlink = 270;
    public const int AddMembership = 1;
    public const int DropMembership = 2;
    public const int PacketInfo = 3;
    public const int BroadcastError = 4;
    public const int NoEnobufs = 5;
    public const int ListenAllNsid = 8;
    public const int ListMemberships = 9;

    /// <summary>NETLINK_CAP_ACK: error replies echo only the request header, not its payload (keeps big batches' ACKs small).</summary>
    public const int CapAck = 10;

    /// <summary>NETLINK_EXT_ACK: error replies may carry a text message (NLMSGERR_ATTR_MSG).</summary>
    public const int ExtendedAck = 11;

    public const int GetStrictCheck = 12;
}
