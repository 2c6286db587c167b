using System.Buffers.Binary;
using System.Net;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// RTA_ENCAP (nested, per type) and RTA_ENCAP_TYPE of a route: include/uapi/linux/lwtunnel.h (LWTUNNEL_IP_*,
/// LWTUNNEL_IP6_*), mpls_iptunnel.h (MPLS_IPTUNNEL_*) and seg6_iptunnel.h (SEG6_IPTUNNEL_SRH), as ip-route(8) writes them.
/// </summary>
internal static class RouteEncapWriter
{
    private const ushort MPLS_IPTUNNEL_DST = 1;
    private const ushort MPLS_IPTUNNEL_TTL = 2;
    private const ushort LWTUNNEL_IP_ID = 1;
    private const ushort LWTUNNEL_IP_DST = 2;
    private const ushort LWTUNNEL_IP_SRC = 3;
    private const ushort LWTUNNEL_IP_TTL = 4;
    private const ushort LWTUNNEL_IP_TOS = 5;
    private const ushort LWTUNNEL_IP_FLAGS = 6;
    private const ushort SEG6_IPTUNNEL_SRH = 1;

    /// <summary>MPLS label stack entry (RFC 3032 §2.1): label in the top 20 bits, bottom-of-stack bit 8.</summary>
    private const int MplsLabelShift = 12;
    private const uint MplsBottomOfStack = 1u << 8;

    /// <summary>IPPROTO_ROUTING's segment routing header type (RFC 8754 §2).</summary>
    private const byte Ipv6SrhType = 4;

    /// <summary>The most labels or segments one route carries (ip(8) allows no more either).</summary>
    public const int MaxEntries = 16;

    public static void Write(NetlinkAttributeWriter writer, RouteEncapOptions encap)
    {
        var nest = writer.BeginNested(RtnetlinkRouteMessages.RTA_ENCAP, setNestedFlag: true);
        Span<byte> scratch = stackalloc byte[8 + 8 + MaxEntries * 16];
        switch (encap.Type)
        {
            case RouteEncapType.Mpls:
                var count = Math.Min(encap.Labels.Count, MaxEntries);
                for (var i = 0; i < count; i++)
                    BinaryPrimitives.WriteUInt32BigEndian(scratch[(4 * i)..], (encap.Labels[i] << MplsLabelShift) | (i == count - 1 ? MplsBottomOfStack : 0));
                writer.WriteBytes(MPLS_IPTUNNEL_DST, scratch[..(4 * count)]);
                if (encap.Ttl is { } ttl) writer.WriteUInt8(MPLS_IPTUNNEL_TTL, ttl);
                break;
            case RouteEncapType.Ip or RouteEncapType.Ip6:
                if (encap.Id is { } id)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(scratch, id);
                    writer.WriteBytes(LWTUNNEL_IP_ID, scratch[..8]);
                }
                if (encap.Destination is { } destination) WriteAddress(writer, LWTUNNEL_IP_DST, destination, scratch);
                if (encap.Source is { } source) WriteAddress(writer, LWTUNNEL_IP_SRC, source, scratch);
                if (encap.Ttl is { } hops) writer.WriteUInt8(LWTUNNEL_IP_TTL, hops);
                if (encap.Tos is { } tos) writer.WriteUInt8(LWTUNNEL_IP_TOS, tos);
                if (encap.Flags != 0) writer.WriteBigEndianUInt16(LWTUNNEL_IP_FLAGS, encap.Flags);
                break;
            case RouteEncapType.Seg6:
                writer.WriteBytes(SEG6_IPTUNNEL_SRH, scratch[..WriteSeg6(encap, scratch)]);
                break;
        }
        writer.EndNested(nest);
        writer.WriteUInt16(RtnetlinkRouteMessages.RTA_ENCAP_TYPE, (ushort)encap.Type);
    }

    /// <summary>struct seg6_iptunnel_encap: mode (int), then struct ipv6_sr_hdr with the segments last-first (RFC 8754 §2).</summary>
    private static int WriteSeg6(RouteEncapOptions encap, Span<byte> buffer)
    {
        var count = Math.Min(encap.Segments.Count, MaxEntries);
        buffer[..16].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(buffer, encap.Seg6Mode);
        var srh = buffer[4..];
        srh[1] = (byte)(count * 2);                // hdrlen: 8-octet units after the first 8
        srh[2] = Ipv6SrhType;
        srh[3] = (byte)(count - 1);                // segments_left
        srh[4] = (byte)(count - 1);                // last_entry (first_segment)
        for (var i = 0; i < count; i++)
            encap.Segments[count - 1 - i].TryWriteBytes(srh[(8 + 16 * i)..], out _);
        return 4 + 8 + 16 * count;
    }

    private static void WriteAddress(NetlinkAttributeWriter writer, ushort type, IPAddress address, Span<byte> scratch)
    {
        address.TryWriteBytes(scratch, out var length);
        writer.WriteBytes(type, scratch[..length]);
    }
}
