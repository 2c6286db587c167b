using LvsDirector.Common.Netlink;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>The bytes a request leaves with: RouteNetlinkSocket adds NLM_F_REQUEST|NLM_F_ACK (and a sequence, zero in captures) when it sends.</summary>
internal static class NetlinkRequestBytes
{
    public static string Hex(NetlinkAttributeWriter writer)
    {
        var bytes = writer.ToArray();
        NetlinkMessageHeader.TryRead(bytes, out var header);
        (header with { Flags = header.Flags | NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack }).Write(bytes);
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }
}
