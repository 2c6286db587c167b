using System.Buffers.Binary;
using System.Text;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Codecs;

/// <summary>
/// DNS query builder and reply reader (RFC 1035 §4.1). Pure functions over spans; reading never throws and
/// never trusts a wire length or pointer before checking it against the message.
/// </summary>
internal static class DnsMessageCodec
{
    /// <summary>RFC 1035 §4.1.1: the header is 12 bytes.</summary>
    public const int HeaderLength = 12;

    /// <summary>RFC 1035 §2.3.4: a name is at most 255 bytes on the wire, a label at most 63.</summary>
    public const int MaxNameLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>RFC 1035 §2.3.4: UDP messages are at most 512 bytes (without EDNS, which we never send).</summary>
    public const int MaxUdpMessageLength = 512;

    /// <summary>Compression pointers followed while reading one name, so a pointer loop ends.</summary>
    public const int MaxCompressionPointers = 32;

    /// <summary>RFC 1035 §3.2.4: class IN.</summary>
    public const ushort ClassInternet = 1;

    /// <summary>RFC 1035 §4.1.1 flag bits.</summary>
    private const ushort FlagResponse = 0x8000;
    private const ushort FlagTruncated = 0x0200;
    private const ushort FlagRecursionDesired = 0x0100;
    private const ushort ResponseCodeMask = 0x000F;

    /// <summary>True for <c>.</c> or dotted labels of 1-63 printable ASCII characters, at most 255 bytes encoded.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        return EncodedNameLength(name) is > 0 and <= MaxNameLength;
    }

    /// <summary>Writes a standard query (RD set, one question, class IN). False when the name is invalid or <paramref name="destination"/> is too small.</summary>
    public static bool TryWriteQuery(ushort id, string name, DnsQueryType type, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var nameLength = EncodedNameLength(name);
        if (nameLength is <= 0 or > MaxNameLength) return false;
        var total = HeaderLength + nameLength + 4;
        if (destination.Length < total) return false;

        // RFC 1035 §4.1.1 header: ID, flags, QDCOUNT=1, ANCOUNT=NSCOUNT=ARCOUNT=0.
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], FlagRecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        destination.Slice(6, 6).Clear();

        // RFC 1035 §4.1.2 question: QNAME as length-prefixed labels ending with the root label, QTYPE, QCLASS.
        var offset = HeaderLength;
        foreach (var label in Labels(name))
        {
            destination[offset++] = (byte)label.Length;
            offset += Encoding.ASCII.GetBytes(label, destination[offset..]);
        }
        destination[offset++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], ClassInternet);
        bytesWritten = offset + 4;
        return true;
    }

    /// <summary>
    /// Reads the header, the first question and walks every record of the answer, authority and additional
    /// sections to make sure the message is well formed. False on anything malformed or truncated.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> message, out DnsResponse response)
    {
        response = default;
        if (message.Length < HeaderLength) return false;
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int ar = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);

        var offset = HeaderLength;
        string? questionName = null;
        ushort questionType = 0, questionClass = 0;
        for (var i = 0; i < qd; i++)
        {
            if (!TryReadName(message, offset, out var name, out offset)) return false;
            if (offset + 4 > message.Length) return false;
            if (i == 0)
            {
                questionName = name;
                questionType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
                questionClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            }
            offset += 4;
        }

        // RFC 1035 §4.1.3 resource record: NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA.
        var records = an + ns + ar;
        for (var i = 0; i < records; i++)
        {
            if (!TryReadName(message, offset, out _, out offset)) return false;
            if (offset + 10 > message.Length) return false;
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            if (offset + rdLength > message.Length) return false;
            offset += rdLength;
        }

        response = new DnsResponse(id, (flags & FlagResponse) != 0, (flags & FlagTruncated) != 0, flags & ResponseCodeMask,
            qd, an, questionName, questionType, questionClass);
        return true;
    }

    /// <summary>
    /// Reads a possibly compressed name (RFC 1035 §4.1.4) starting at <paramref name="offset"/>; returns it dotted,
    /// lower case, without the trailing dot (the root is <c>.</c>), and the offset after it in the original position.
    /// </summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, int offset, out string name, out int next)
    {
        name = "";
        next = offset;
        var builder = new StringBuilder();
        var pointers = 0;
        var encodedLength = 0;
        var position = offset;
        var resumeAt = -1;
        while (true)
        {
            if (position >= message.Length) return false;
            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++pointers > MaxCompressionPointers) return false;
                var target = ((length & 0x3F) << 8) | message[position + 1];
                if (resumeAt < 0) resumeAt = position + 2;
                if (target >= message.Length) return false;
                position = target;
                continue;
            }
            if ((length & 0xC0) != 0) return false; // 0x40 and 0x80: reserved label types (RFC 6891 §5)
            position++;
            encodedLength += length + 1;
            if (encodedLength > MaxNameLength) return false;
            if (length == 0) break;
            if (position + length > message.Length) return false;
            if (builder.Length > 0) builder.Append('.');
            foreach (var b in message.Slice(position, length))
            {
                builder.Append((char)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b));
            }
            position += length;
        }
        name = builder.Length == 0 ? "." : builder.ToString();
        next = resumeAt >= 0 ? resumeAt : position;
        return true;
    }

    /// <summary>The canonical form used to compare names: lower case, no trailing dot, root as <c>.</c>.</summary>
    public static string Canonical(string name)
    {
        var trimmed = name.TrimEnd('.');
        return trimmed.Length == 0 ? "." : trimmed.ToLowerInvariant();
    }

    private static IEnumerable<string> Labels(string name) =>
        name == "." ? [] : name.TrimEnd('.').Split('.');

    private static int EncodedNameLength(string name)
    {
        if (name == ".") return 1;
        if (name.Length == 0 || name.StartsWith('.')) return -1;
        var total = 1;
        foreach (var label in Labels(name))
        {
            if (label.Length is 0 or > MaxLabelLength) return -1;
            if (label.Any(c => c <= ' ' || c >= 0x7f)) return -1;
            total += label.Length + 1;
        }
        return total;
    }
}
