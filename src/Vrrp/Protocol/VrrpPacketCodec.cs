using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// Pure encoder and decoder of the VRRP message (the IP payload), VRRPv2 (RFC 3768 §5) and VRRPv3
/// (RFC 5798 §5). Never throws on network input: decoding returns a <see cref="VrrpDecodeStatus"/>.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |Version| Type  | Virtual Rtr ID|   Priority    | Count IPvX Addr|
/// v2: | Auth Type |  Adver Int  |   v3: |(rsvd)|  Max Adver Int (12 bits) |
/// |          Checksum             |   IPvX addresses ... | v2: Authentication Data (8 octets)
/// </code>
/// </remarks>
public static class VrrpPacketCodec
{
    /// <summary>IP protocol number of VRRP (RFC 5798 §5.1.1.3).</summary>
    public const byte IpProtocolNumber = 112;

    /// <summary>IP protocol number of the IPsec Authentication Header (RFC 4302), used by keepalived <c>auth_type AH</c>.</summary>
    public const byte AuthenticationHeaderProtocolNumber = 51;

    /// <summary>Required TTL / hop limit of every advertisement (RFC 5798 §5.1.1.3, §7.1).</summary>
    public const byte RequiredTtl = 255;

    /// <summary>Fixed header: version/type, VRID, priority, count, auth type/interval, checksum (RFC 5798 §5.1).</summary>
    public const int HeaderLength = 8;

    /// <summary>Offset of the 16-bit checksum inside the header (RFC 5798 §5.2.8).</summary>
    public const int ChecksumOffset = 6;

    /// <summary>VRRPv2 Authentication Data field length (RFC 2338 §5.3.10, kept by RFC 3768 §5.1).</summary>
    public const int V2AuthenticationDataLength = 8;

    /// <summary>Type value of an Advertisement, the only type defined (RFC 5798 §5.2.2).</summary>
    public const byte AdvertisementType = 1;

    /// <summary>The Count IPvX Addr field is one octet (RFC 5798 §5.2.5).</summary>
    public const int MaxAddressCount = 255;

    /// <summary>Max Adver Int is 12 bits of centiseconds (RFC 5798 §5.2.7).</summary>
    public const ushort MaxV3IntervalCentiseconds = 0x0FFF;

    /// <summary>The largest valid message: v3 with 255 IPv6 addresses.</summary>
    public const int MaxMessageLength = HeaderLength + MaxAddressCount * 16;

    /// <summary>The length of a message with <paramref name="addressCount"/> addresses.</summary>
    public static int GetEncodedLength(VrrpVersion version, AddressFamily family, int addressCount) =>
        HeaderLength + addressCount * AddressLength(family) + (version == VrrpVersion.V2 ? V2AuthenticationDataLength : 0);

    /// <summary>
    /// Decodes one VRRP message. <paramref name="sourceAddress"/> and <paramref name="destinationAddress"/>
    /// are the IP header's addresses in network order (4 or 16 bytes), needed for the VRRPv3 pseudo-header.
    /// For VRRPv3 over IPv4 both checksum forms are accepted; <paramref name="checksumMode"/> reports which matched.
    /// </summary>
    public static VrrpDecodeStatus TryDecode(
        ReadOnlySpan<byte> packet,
        AddressFamily family,
        ReadOnlySpan<byte> sourceAddress,
        ReadOnlySpan<byte> destinationAddress,
        out VrrpAdvertisement? advertisement,
        out VrrpChecksumMode checksumMode)
    {
        advertisement = null;
        checksumMode = VrrpChecksumMode.ExcludePseudoHeader;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            return VrrpDecodeStatus.UnsupportedAddressFamily;
        if (packet.Length < HeaderLength)
            return VrrpDecodeStatus.Truncated;

        var versionNibble = packet[0] >> 4;
        if (versionNibble is not (2 or 3))
            return VrrpDecodeStatus.UnsupportedVersion;
        var version = (VrrpVersion)versionNibble;
        if ((packet[0] & 0x0F) != AdvertisementType)
            return VrrpDecodeStatus.UnsupportedType;
        if (version == VrrpVersion.V2 && family != AddressFamily.InterNetwork)
            return VrrpDecodeStatus.UnsupportedAddressFamily;

        var vrid = packet[1];
        if (vrid == 0)
            return VrrpDecodeStatus.InvalidVirtualRouterId;
        var count = packet[3];
        // The announced count is bounded by one octet, so this length cannot overflow.
        var expected = GetEncodedLength(version, family, count);
        if (packet.Length < expected)
            return VrrpDecodeStatus.Truncated;
        if (packet.Length > expected)
            return VrrpDecodeStatus.Oversized;

        if (!VerifyChecksum(packet, version, family, sourceAddress, destinationAddress, out checksumMode))
            return VrrpDecodeStatus.BadChecksum;

        var addressLength = AddressLength(family);
        var addresses = ImmutableArray.CreateBuilder<IPAddress>(count);
        var list = packet.Slice(HeaderLength, count * addressLength);
        for (var i = 0; i < count; i++)
            addresses.Add(new IPAddress(list.Slice(i * addressLength, addressLength)));

        var authType = VrrpAuthenticationType.None;
        var authData = ImmutableArray.Create(new byte[V2AuthenticationDataLength]);
        ushort interval;
        if (version == VrrpVersion.V2)
        {
            authType = (VrrpAuthenticationType)packet[4];
            interval = packet[5];
            authData = ImmutableArray.Create(packet.Slice(HeaderLength + list.Length, V2AuthenticationDataLength));
        }
        else
        {
            // The top 4 bits are reserved and ignored on receipt (RFC 5798 §5.2.6).
            interval = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) & MaxV3IntervalCentiseconds);
        }

        advertisement = new VrrpAdvertisement
        {
            Version = version,
            AddressFamily = family,
            VirtualRouterId = vrid,
            Priority = packet[2],
            AdvertisementInterval = interval,
            Addresses = addresses.MoveToImmutable(),
            AuthenticationType = authType,
            AuthenticationData = authData,
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(packet[ChecksumOffset..]),
        };
        return VrrpDecodeStatus.Success;
    }

    /// <summary>Decodes with the source and destination given as <see cref="IPAddress"/>.</summary>
    public static VrrpDecodeStatus TryDecode(ReadOnlySpan<byte> packet, IPAddress source, IPAddress destination, out VrrpAdvertisement? advertisement, out VrrpChecksumMode checksumMode)
    {
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        source.TryWriteBytes(src, out var srcLength);
        destination.TryWriteBytes(dst, out var dstLength);
        return TryDecode(packet, source.AddressFamily, src[..srcLength], dst[..dstLength], out advertisement, out checksumMode);
    }

    /// <summary>
    /// Encodes <paramref name="advertisement"/> with a freshly computed checksum. False when the
    /// advertisement is not encodable (mixed families, too many addresses, interval out of range,
    /// VRRPv2 over IPv6) or <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryEncode(
        VrrpAdvertisement advertisement,
        ReadOnlySpan<byte> sourceAddress,
        ReadOnlySpan<byte> destinationAddress,
        VrrpChecksumMode checksumMode,
        Span<byte> destination,
        out int bytesWritten)
    {
        bytesWritten = 0;
        var family = advertisement.AddressFamily;
        var version = advertisement.Version;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return false;
        if (version is not (VrrpVersion.V2 or VrrpVersion.V3)) return false;
        if (version == VrrpVersion.V2 && (family != AddressFamily.InterNetwork || advertisement.AdvertisementInterval > byte.MaxValue)) return false;
        if (version == VrrpVersion.V3 && advertisement.AdvertisementInterval > MaxV3IntervalCentiseconds) return false;
        if (advertisement.Addresses.Length > MaxAddressCount) return false;
        if (version == VrrpVersion.V2 && advertisement.AuthenticationData.Length != V2AuthenticationDataLength) return false;

        var length = GetEncodedLength(version, family, advertisement.Addresses.Length);
        if (destination.Length < length) return false;
        var packet = destination[..length];

        packet[0] = (byte)(((int)version << 4) | AdvertisementType);
        packet[1] = advertisement.VirtualRouterId;
        packet[2] = advertisement.Priority;
        packet[3] = (byte)advertisement.Addresses.Length;
        if (version == VrrpVersion.V2)
        {
            packet[4] = (byte)advertisement.AuthenticationType;
            packet[5] = (byte)advertisement.AdvertisementInterval;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], advertisement.AdvertisementInterval);
        }
        BinaryPrimitives.WriteUInt16BigEndian(packet[ChecksumOffset..], 0);

        var addressLength = AddressLength(family);
        var offset = HeaderLength;
        foreach (var address in advertisement.Addresses)
        {
            if (address.AddressFamily != family) return false;
            address.TryWriteBytes(packet.Slice(offset, addressLength), out _);
            offset += addressLength;
        }
        if (version == VrrpVersion.V2)
            advertisement.AuthenticationData.AsSpan().CopyTo(packet[offset..]);

        var includePseudoHeader = UsesPseudoHeader(version, family, checksumMode);
        if (includePseudoHeader && (sourceAddress.Length != addressLength || destinationAddress.Length != addressLength))
            return false;
        var checksum = ComputeChecksum(packet, family, includePseudoHeader, sourceAddress, destinationAddress);
        BinaryPrimitives.WriteUInt16BigEndian(packet[ChecksumOffset..], checksum);
        bytesWritten = length;
        return true;
    }

    /// <summary>Encodes with the source and destination given as <see cref="IPAddress"/>.</summary>
    public static bool TryEncode(VrrpAdvertisement advertisement, IPAddress source, IPAddress destination, VrrpChecksumMode checksumMode, Span<byte> buffer, out int bytesWritten)
    {
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        source.TryWriteBytes(src, out var srcLength);
        destination.TryWriteBytes(dst, out var dstLength);
        return TryEncode(advertisement, src[..srcLength], dst[..dstLength], checksumMode, buffer, out bytesWritten);
    }

    /// <summary>
    /// Whether the checksum covers a pseudo-header: never for v2 (RFC 3768 §5.3.8), always for v3 over
    /// IPv6 (RFC 5798 §5.2.8), configurable for v3 over IPv4.
    /// </summary>
    public static bool UsesPseudoHeader(VrrpVersion version, AddressFamily family, VrrpChecksumMode mode) =>
        version == VrrpVersion.V3 && (family == AddressFamily.InterNetworkV6 || mode == VrrpChecksumMode.IncludePseudoHeader);

    internal static int AddressLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 16 : 4;

    private static bool VerifyChecksum(ReadOnlySpan<byte> packet, VrrpVersion version, AddressFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, out VrrpChecksumMode matched)
    {
        var addressLength = AddressLength(family);
        var havePseudo = source.Length == addressLength && destination.Length == addressLength;
        if (version == VrrpVersion.V2)
        {
            matched = VrrpChecksumMode.ExcludePseudoHeader;
            return ComputeChecksum(packet, family, false, default, default) == 0;
        }
        if (family == AddressFamily.InterNetworkV6)
        {
            matched = VrrpChecksumMode.IncludePseudoHeader;
            return havePseudo && ComputeChecksum(packet, family, true, source, destination) == 0;
        }
        // VRRPv3 over IPv4: keepalived/FRR form first, then the RFC 9568 form.
        matched = VrrpChecksumMode.IncludePseudoHeader;
        if (havePseudo && ComputeChecksum(packet, family, true, source, destination) == 0)
            return true;
        matched = VrrpChecksumMode.ExcludePseudoHeader;
        return ComputeChecksum(packet, family, false, default, default) == 0;
    }

    /// <summary>
    /// The checksum over the message as it stands (a packet carrying a correct checksum sums to 0).
    /// IPv4 pseudo-header: source, destination, zero, protocol, length (RFC 768 layout);
    /// IPv6: source, destination, 32-bit length, three zero octets, next header (RFC 8200 §8.1).
    /// </summary>
    private static ushort ComputeChecksum(ReadOnlySpan<byte> packet, AddressFamily family, bool includePseudoHeader, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        var sum = new InternetChecksum();
        if (includePseudoHeader)
        {
            sum.Add(source);
            sum.Add(destination);
            if (family == AddressFamily.InterNetworkV6)
            {
                sum.AddUInt32((uint)packet.Length);
                sum.AddUInt32(IpProtocolNumber);
            }
            else
            {
                sum.AddUInt16(IpProtocolNumber);
                sum.AddUInt16((ushort)packet.Length);
            }
        }
        sum.Add(packet);
        return sum.Finish();
    }
}
