namespace LvsDirector.Common.Netlink;

/// <summary>The netlink protocol numbers (socket(2)'s third argument) we use.</summary>
internal static class NetlinkProtocol
{
    /// <summary>NETLINK_ROUTE: rtnetlink (links, addresses, routes).</summary>
    public const int Route = 0;

    /// <summary>NETLINK_GENERIC: generic netlink (IPVS and other dynamic families).</summary>
    public const int Generic = 16;
}
