using System.Buffers.Binary;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// Builds an unsolicited Neighbor Advertisement for a virtual IPv6 address (RFC 4861 §4.4, §7.2.6) as
/// keepalived sends it: from the VIP to ff02::1, hop limit 255, Override flag only, one Target
/// Link-Layer Address option.
/// </summary>
public static class UnsolicitedNeighborAdvertisementFrame
{
    public const int EthernetHeaderLength = 14;
    public const int Ipv6HeaderLength = 40;

    /// <summary>ICMPv6 NA: type, code, checksum, flags (8) + target (16) + TLLA option (8).</summary>
    public const int IcmpLength = 32;

    /// <summary>The whole Ethernet frame.</summary>
    public const int Length = EthernetHeaderLength + Ipv6HeaderLength + IcmpLength;

    private const byte IcmpTypeNeighborAdvertisement = 136;
    private const byte NextHeaderIcmpv6 = 58;
    private const byte OptionTargetLinkLayerAddress = 2;
    private const uint FlagOverride = 0x2000_0000;
    private const ushort EtherTypeIpv6 = 0x86DD;

    /// <summary>ff02::1, all nodes.</summary>
    public static ReadOnlySpan<byte> AllNodes => [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];

    /// <summary>Writes the full Ethernet frame (for an AF_PACKET socket).</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<byte> senderMac, ReadOnlySpan<byte> target, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length || senderMac.Length != 6 || target.Length != 16)
            return false;
        var frame = destination[..Length];
        // 33:33 + the low 32 bits of ff02::1 (RFC 2464 §7).
        frame[0] = 0x33;
        frame[1] = 0x33;
        AllNodes[12..].CopyTo(frame[2..]);
        senderMac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeIpv6);

        var ip = frame.Slice(EthernetHeaderLength, Ipv6HeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], IcmpLength);
        ip[6] = NextHeaderIcmpv6;
        ip[7] = 255;
        target.CopyTo(ip[8..]);
        AllNodes.CopyTo(ip[24..]);

        TryWriteIcmp(frame[(EthernetHeaderLength + Ipv6HeaderLength)..], senderMac, target, target, AllNodes, out _);
        bytesWritten = Length;
        return true;
    }

    /// <summary>
    /// Writes only the ICMPv6 message with its checksum over the IPv6 pseudo-header (RFC 4443 §2.3),
    /// for an ICMPv6 socket.
    /// </summary>
    public static bool TryWriteIcmp(Span<byte> destination, ReadOnlySpan<byte> senderMac, ReadOnlySpan<byte> target, ReadOnlySpan<byte> source, ReadOnlySpan<byte> ipDestination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < IcmpLength || senderMac.Length != 6 || target.Length != 16 || source.Length != 16 || ipDestination.Length != 16)
            return false;
        var icmp = destination[..IcmpLength];
        icmp[0] = IcmpTypeNeighborAdvertisement;
        icmp[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], FlagOverride);
        target.CopyTo(icmp[8..]);
        icmp[24] = OptionTargetLinkLayerAddress;
        icmp[25] = 1; // length in units of 8 octets
        senderMac.CopyTo(icmp[26..]);

        var sum = new InternetChecksum();
        sum.Add(source);
        sum.Add(ipDestination);
        sum.AddUInt32(IcmpLength);
        sum.AddUInt32(NextHeaderIcmpv6);
        sum.Add(icmp);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], sum.Finish());
        bytesWritten = IcmpLength;
        return true;
    }
}
