using System.Buffers.Binary;

namespace LvsDirector.Checkers.Codecs;

/// <summary>
/// ICMP echo (RFC 792, "Echo or Echo Reply Message") and ICMPv6 echo (RFC 4443 §4.1, §4.2) builder and reader.
/// Pure functions over spans; reading never throws.
/// </summary>
internal static class IcmpEchoCodec
{
    /// <summary>Type, code, checksum, identifier, sequence number.</summary>
    public const int HeaderLength = 8;

    /// <summary>The smallest IPv4 header (IHL 5); RFC 791 §3.1.</summary>
    public const int MinIPv4HeaderLength = 20;

    public const byte EchoRequestV4 = 8;
    public const byte EchoReplyV4 = 0;
    public const byte EchoRequestV6 = 128;
    public const byte EchoReplyV6 = 129;

    /// <summary>
    /// Writes an echo request. For IPv4 the checksum is computed here (RFC 792); for ICMPv6 it is left zero:
    /// it covers a pseudo-header (RFC 4443 §2.3) and the kernel fills it in on ICMPv6 sockets.
    /// </summary>
    public static int WriteEchoRequest(bool ipv6, ushort identifier, ushort sequence, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var length = HeaderLength + payload.Length;
        if (destination.Length < length) throw new ArgumentException("destination too small", nameof(destination));
        destination[0] = ipv6 ? EchoRequestV6 : EchoRequestV4;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], sequence);
        payload.CopyTo(destination[HeaderLength..]);
        if (!ipv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Checksum(destination[..length]));
        }
        return length;
    }

    /// <summary>Reads an echo reply (type 0 or 129, code 0). For IPv4 the checksum is verified.</summary>
    public static bool TryReadEchoReply(ReadOnlySpan<byte> packet, bool ipv6, out IcmpEchoReply reply)
    {
        reply = default;
        if (packet.Length < HeaderLength) return false;
        if (packet[0] != (ipv6 ? EchoReplyV6 : EchoReplyV4) || packet[1] != 0) return false;
        if (!ipv6 && Checksum(packet) != 0) return false;
        reply = new IcmpEchoReply(
            BinaryPrimitives.ReadUInt16BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            packet.Length - HeaderLength);
        return true;
    }

    /// <summary>Strips the IPv4 header that raw IPv4 sockets deliver (RFC 791 §3.1: IHL in 32-bit words).</summary>
    public static bool TryStripIPv4Header(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (datagram.Length < MinIPv4HeaderLength || datagram[0] >> 4 != 4) return false;
        var headerLength = (datagram[0] & 0x0F) * 4;
        if (headerLength < MinIPv4HeaderLength || headerLength > datagram.Length) return false;
        payload = datagram[headerLength..];
        return true;
    }

    /// <summary>The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
