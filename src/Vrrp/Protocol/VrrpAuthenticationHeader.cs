using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// keepalived's <c>auth_type AH</c> for VRRPv2 over IPv4: the whole IPv4 datagram is built here, an IP
/// Authentication Header (RFC 2402 §2) sits between the IPv4 header and the VRRP message, and its ICV is
/// HMAC-MD5-96 (RFC 2403) keyed with the 8-octet password over the datagram with the mutable fields
/// (TOS, fragment offset, header checksum; TTL for unicast only, as keepalived) and the ICV zeroed
/// (RFC 2402 §3.3.3.1). The SPI is the sender's address, as keepalived chooses it. Pure; never throws on
/// network input.
/// </summary>
/// <remarks>
/// <code>
/// | IPv4 header (20, protocol 51) | Next=112 | Len=4 | 0 | SPI (4) | Sequence (4) | ICV (12) | VRRPv2 (auth type 2) |
/// </code>
/// </remarks>
public static class VrrpAuthenticationHeader
{
    /// <summary>The IPv4 header we write: no options (RFC 791 §3.1).</summary>
    public const int Ipv4HeaderLength = 20;

    /// <summary>Next header, payload length, reserved, SPI, sequence number (RFC 2402 §2).</summary>
    public const int FixedLength = 12;

    /// <summary>HMAC-MD5 truncated to 96 bits (RFC 2403 §2).</summary>
    public const int IcvLength = 12;

    /// <summary>The whole AH as keepalived sends it.</summary>
    public const int Length = FixedLength + IcvLength;

    /// <summary>Payload Len: the AH length in 32-bit words minus 2 (RFC 2402 §2.2).</summary>
    public const byte PayloadLengthField = Length / 4 - 2;

    /// <summary>The key is the Authentication Data field's 8 octets: the password, NUL-padded, as keepalived's <c>auth_data</c>.</summary>
    public const int KeyLength = VrrpPacketCodec.V2AuthenticationDataLength;

    /// <summary>keepalived's IP TOS for adverts: Internet network control (DSCP CS6).</summary>
    public const byte TypeOfService = 0xC0;

    /// <summary>The largest datagram <see cref="TryEncode(VrrpAdvertisement, IPAddress, IPAddress, ReadOnlySpan{byte}, ushort, uint, bool, Span{byte}, out int)"/> writes.</summary>
    public const int MaxDatagramLength = Ipv4HeaderLength + Length + VrrpPacketCodec.HeaderLength + VrrpPacketCodec.MaxAddressCount * 4 + VrrpPacketCodec.V2AuthenticationDataLength;

    private const int IcvOffset = Ipv4HeaderLength + FixedLength;
    private const int SpiOffset = 4;
    private const int SequenceOffset = 8;

    /// <summary>
    /// Writes the IPv4 datagram (header, AH, VRRPv2 message) for <paramref name="advertisement"/>.
    /// <paramref name="identification"/> goes into the IP header as is (keepalived counts 1…65535; the
    /// kernel would replace 0); <paramref name="sequence"/> is the AH sequence number. False when the
    /// advertisement is not VRRPv2 over IPv4, the key is not 8 octets or the buffer is too small.
    /// </summary>
    public static bool TryEncode(
        VrrpAdvertisement advertisement,
        IPAddress source,
        IPAddress destination,
        ReadOnlySpan<byte> key,
        ushort identification,
        uint sequence,
        bool unicast,
        Span<byte> buffer,
        out int bytesWritten)
    {
        bytesWritten = 0;
        if (advertisement.Version != VrrpVersion.V2 || advertisement.AddressFamily != AddressFamily.InterNetwork) return false;
        if (source.AddressFamily != AddressFamily.InterNetwork || destination.AddressFamily != AddressFamily.InterNetwork) return false;
        if (key.Length != KeyLength) return false;
        if (buffer.Length < Ipv4HeaderLength + Length) return false;
        if (!VrrpPacketCodec.TryEncode(advertisement, source, destination, VrrpChecksumMode.ExcludePseudoHeader, buffer[(Ipv4HeaderLength + Length)..], out var vrrpLength))
            return false;
        var total = Ipv4HeaderLength + Length + vrrpLength;
        var datagram = buffer[..total];

        // RFC 791 §3.1: version 4, IHL 5.
        datagram[0] = 0x45;
        datagram[1] = TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(datagram[2..], (ushort)total);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[6..], 0);
        datagram[8] = VrrpPacketCodec.RequiredTtl;
        datagram[9] = VrrpPacketCodec.AuthenticationHeaderProtocolNumber;
        BinaryPrimitives.WriteUInt16BigEndian(datagram[10..], 0);
        source.TryWriteBytes(datagram[12..16], out _);
        destination.TryWriteBytes(datagram[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[10..], InternetChecksum.Compute(datagram[..Ipv4HeaderLength]));

        // RFC 2402 §2: next header, payload length, reserved, SPI (keepalived: the source address), sequence.
        var ah = datagram[Ipv4HeaderLength..];
        ah[0] = VrrpPacketCodec.IpProtocolNumber;
        ah[1] = PayloadLengthField;
        BinaryPrimitives.WriteUInt16BigEndian(ah[2..], 0);
        datagram[12..16].CopyTo(ah[SpiOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(ah[SequenceOffset..], sequence);

        ComputeIcv(datagram, key, unicast, ah.Slice(FixedLength, IcvLength));
        bytesWritten = total;
        return true;
    }

    /// <summary>
    /// Whether the AH of the IPv4 <paramref name="datagram"/> (as a raw socket reads it: IPv4 header of 20
    /// octets, a 24-octet AH, the VRRP message) verifies, in keepalived's order (vrrp_in_chk_ipsecah): the ICV
    /// for <paramref name="key"/>, compared in constant time, then the SPI, which must be the source address.
    /// The sequence number (<see cref="ReadSequence"/>) is the instance's to audit.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key, bool unicast)
    {
        if (key.Length != KeyLength) return false;
        if (datagram.Length < Ipv4HeaderLength + Length || datagram.Length > MaxDatagramLength) return false;
        if (datagram[0] != 0x45 || datagram[9] != VrrpPacketCodec.AuthenticationHeaderProtocolNumber) return false;
        if (datagram[Ipv4HeaderLength + 1] != PayloadLengthField) return false;
        var total = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (total != datagram.Length) return false;
        Span<byte> expected = stackalloc byte[IcvLength];
        ComputeIcv(datagram, key, unicast, expected);
        return CryptographicOperations.FixedTimeEquals(expected, datagram.Slice(IcvOffset, IcvLength))
            && datagram.Slice(Ipv4HeaderLength + SpiOffset, 4).SequenceEqual(datagram[12..16]);
    }

    /// <summary>The AH sequence number of a datagram <see cref="Verify"/> accepted (RFC 2402 §2.5); 0 if too short.</summary>
    public static uint ReadSequence(ReadOnlySpan<byte> datagram)
        => datagram.Length < Ipv4HeaderLength + FixedLength ? 0 : BinaryPrimitives.ReadUInt32BigEndian(datagram[(Ipv4HeaderLength + SequenceOffset)..]);

    /// <summary>The 8-octet key for a password: its UTF-8 bytes, truncated and NUL-padded, as keepalived's <c>auth_pass</c>.</summary>
    public static byte[] Key(string password)
    {
        var key = new byte[KeyLength];
        var bytes = System.Text.Encoding.UTF8.GetBytes(password);
        bytes.AsSpan(0, Math.Min(bytes.Length, KeyLength)).CopyTo(key);
        return key;
    }

    // RFC 2402 §3.3.3.1.1: mutable IPv4 fields are zeroed for the ICV. keepalived 2.2.7 zeroes TOS,
    // fragment offset and checksum, the TTL only for unicast, and keeps the identification it set itself.
    private static void ComputeIcv(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key, bool unicast, Span<byte> icv)
    {
        Span<byte> scratch = stackalloc byte[MaxDatagramLength];
        var copy = scratch[..datagram.Length];
        datagram.CopyTo(copy);
        copy[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(copy[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(copy[10..], 0);
        if (unicast) copy[8] = 0;
        copy.Slice(IcvOffset, IcvLength).Clear();
        Span<byte> digest = stackalloc byte[HMACMD5.HashSizeInBytes];
        HMACMD5.HashData(key, copy, digest);
        digest[..IcvLength].CopyTo(icv);
    }
}
