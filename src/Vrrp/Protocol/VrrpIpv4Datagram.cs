using System.Buffers.Binary;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// Reads the IPv4 header a raw IPPROTO_VRRP socket hands over with every datagram, and skips an
/// IPsec Authentication Header (RFC 4302 §2) when keepalived's <c>auth_type AH</c> put one in front of
/// the VRRP message. Pure; never throws on network input.
/// </summary>
public static class VrrpIpv4Datagram
{
    /// <summary>Minimum IPv4 header, IHL = 5 (RFC 791 §3.1).</summary>
    public const int MinHeaderLength = 20;

    /// <summary>Fixed part of the Authentication Header before the ICV (RFC 4302 §2).</summary>
    public const int MinAuthenticationHeaderLength = 12;

    /// <summary>
    /// Splits <paramref name="datagram"/> into the IPv4 header and the VRRP message it carries.
    /// <paramref name="authenticationHeaderLength"/> is non-zero when an AH preceded the VRRP message
    /// (recognised and reported; its ICV is not verified).
    /// </summary>
    public static VrrpIpv4DatagramStatus TryUnwrap(ReadOnlySpan<byte> datagram, out Ipv4Header header, out int payloadOffset, out int payloadLength, out int authenticationHeaderLength)
    {
        header = default;
        payloadOffset = payloadLength = authenticationHeaderLength = 0;
        if (datagram.Length < MinHeaderLength)
            return VrrpIpv4DatagramStatus.Truncated;
        if (datagram[0] >> 4 != 4)
            return VrrpIpv4DatagramStatus.InvalidHeader;
        var headerLength = (datagram[0] & 0x0F) * 4;
        if (headerLength < MinHeaderLength)
            return VrrpIpv4DatagramStatus.InvalidHeader;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (totalLength < headerLength)
            return VrrpIpv4DatagramStatus.InvalidHeader;
        if (datagram.Length < headerLength || datagram.Length < totalLength)
            return VrrpIpv4DatagramStatus.Truncated;

        header = new Ipv4Header(
            headerLength,
            totalLength,
            datagram[1],
            datagram[8],
            datagram[9],
            BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]));

        var offset = headerLength;
        if (header.Protocol == VrrpPacketCodec.AuthenticationHeaderProtocolNumber)
        {
            var rest = datagram[offset..totalLength];
            if (rest.Length < MinAuthenticationHeaderLength)
                return VrrpIpv4DatagramStatus.Truncated;
            // Payload Len counts 32-bit words of the AH minus 2 (RFC 4302 §2.2).
            var ahLength = (rest[1] + 2) * 4;
            if (rest.Length < ahLength)
                return VrrpIpv4DatagramStatus.Truncated;
            if (rest[0] != VrrpPacketCodec.IpProtocolNumber)
                return VrrpIpv4DatagramStatus.NotVrrp;
            authenticationHeaderLength = ahLength;
            offset += ahLength;
        }
        else if (header.Protocol != VrrpPacketCodec.IpProtocolNumber)
        {
            return VrrpIpv4DatagramStatus.NotVrrp;
        }

        payloadOffset = offset;
        payloadLength = totalLength - offset;
        return VrrpIpv4DatagramStatus.Success;
    }
}
