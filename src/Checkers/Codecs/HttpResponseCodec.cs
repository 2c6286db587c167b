using System.Buffers;
using System.Globalization;
using System.Text;

namespace LvsDirector.Checkers.Codecs;

/// <summary>
/// Parses HTTP/1.x responses received by the HTTP_GET checker and genhash (RFC 9112). Pure, never throws on
/// network input, every length checked against a named limit first.
/// </summary>
internal static class HttpResponseCodec
{
    /// <summary>Largest status line plus headers accepted.</summary>
    public const int MaxHeadLength = 64 * 1024;

    /// <summary>Largest chunk-size line (RFC 9112 §7.1) accepted.</summary>
    public const int MaxChunkLineLength = 1024;

    private static ReadOnlySpan<byte> CrLfCrLf => "\r\n\r\n"u8;
    private static ReadOnlySpan<byte> LfLf => "\n\n"u8;

    /// <summary>
    /// Parses the status line and headers; <paramref name="headLength"/> counts the blank line too. Works on the
    /// bytes (Latin-1, RFC 9112 §2.2): a string only for the version and reason phrase, none per header line.
    /// </summary>
    public static HttpParseStatus TryReadHead(ReadOnlySpan<byte> data, out HttpResponseHead? head, out int headLength)
    {
        head = null;
        headLength = 0;
        var end = data.IndexOf(CrLfCrLf);
        var terminator = 4;
        var lfEnd = data.IndexOf(LfLf);
        if (lfEnd >= 0 && (end < 0 || lfEnd < end))
        {
            end = lfEnd;
            terminator = 2;
        }
        if (end < 0) return data.Length > MaxHeadLength ? HttpParseStatus.Invalid : HttpParseStatus.NeedMoreData;
        if (end > MaxHeadLength) return HttpParseStatus.Invalid;

        var lines = data[..end];
        var lineEnd = lines.IndexOf((byte)'\n');
        var statusLine = (lineEnd < 0 ? lines : lines[..lineEnd]).TrimEnd((byte)'\r');

        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        if (!statusLine.StartsWith("HTTP/"u8)) return HttpParseStatus.Invalid;
        var firstSpace = statusLine.IndexOf((byte)' ');
        if (firstSpace < 0 || statusLine.Length < firstSpace + 4) return HttpParseStatus.Invalid;
        var codeText = statusLine.Slice(firstSpace + 1, 3);
        if (!IsDigit(codeText[0]) || !IsDigit(codeText[1]) || !IsDigit(codeText[2])) return HttpParseStatus.Invalid;
        var code = (codeText[0] - '0') * 100 + (codeText[1] - '0') * 10 + (codeText[2] - '0');
        if (code < 100) return HttpParseStatus.Invalid;
        if (statusLine.Length > firstSpace + 4 && statusLine[firstSpace + 4] != ' ') return HttpParseStatus.Invalid;
        var reason = statusLine.Length > firstSpace + 5 ? statusLine[(firstSpace + 5)..] : [];

        long? contentLength = null;
        var chunked = false;
        // Every line after the status line is a header line, an empty one too (it is not the blank line that ends the head).
        var rest = lineEnd < 0 ? default : lines[(lineEnd + 1)..];
        while (lineEnd >= 0)
        {
            lineEnd = rest.IndexOf((byte)'\n');
            var line = (lineEnd < 0 ? rest : rest[..lineEnd]).TrimEnd((byte)'\r');
            if (lineEnd >= 0) rest = rest[(lineEnd + 1)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) return HttpParseStatus.Invalid;
            var name = TrimWhiteSpace(line[..colon]);
            var value = TrimWhiteSpace(line[(colon + 1)..]);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!TryParseDecimal(value, out var length)) return HttpParseStatus.Invalid;
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) && ListsChunked(value))
            {
                chunked = true;
            }
        }
        head = new HttpResponseHead(Text(statusLine[..firstSpace]), code, Text(reason), chunked ? null : contentLength, chunked);
        headLength = end + terminator;
        return HttpParseStatus.Complete;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // The characters string.Trim() removes, among Latin-1's: HT, LF, VT, FF, CR, SP, NEL, NBSP.
    private static bool IsWhiteSpace(byte b) => b is (>= 0x09 and <= 0x0D) or 0x20 or 0x85 or 0xA0;

    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && IsWhiteSpace(span[start])) start++;
        var end = span.Length;
        while (end > start && IsWhiteSpace(span[end - 1])) end--;
        return span[start..end];
    }

    // As long.TryParse with NumberStyles.None: ASCII digits only, at least one, no overflow.
    private static bool TryParseDecimal(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty) return false;
        foreach (var b in digits)
        {
            if (!IsDigit(b)) return false;
            var digit = b - '0';
            if (value > (long.MaxValue - digit) / 10) return false;
            value = value * 10 + digit;
        }
        return true;
    }

    // Transfer-Encoding is a comma-separated list (RFC 9112 §6.1); "chunked" anywhere in it counts.
    private static bool ListsChunked(ReadOnlySpan<byte> value)
    {
        while (true)
        {
            var comma = value.IndexOf((byte)',');
            if (Ascii.EqualsIgnoreCase(TrimWhiteSpace(comma < 0 ? value : value[..comma]), "chunked"u8)) return true;
            if (comma < 0) return false;
            value = value[(comma + 1)..];
        }
    }

    // The version and reason phrase of nearly every response, without a string per check.
    private static string Text(ReadOnlySpan<byte> latin1) =>
        latin1.SequenceEqual("HTTP/1.1"u8) ? "HTTP/1.1"
        : latin1.SequenceEqual("HTTP/1.0"u8) ? "HTTP/1.0"
        : latin1.SequenceEqual("OK"u8) ? "OK"
        : latin1.IsEmpty ? ""
        : Encoding.Latin1.GetString(latin1);

    /// <summary>
    /// Decodes a chunked body (RFC 9112 §7.1); chunk extensions and trailers are skipped. Complete once the
    /// last chunk and the trailer section have arrived.
    /// </summary>
    public static HttpParseStatus TryDecodeChunked(ReadOnlySpan<byte> data, IBufferWriter<byte> body)
    {
        var offset = 0;
        while (true)
        {
            var lineEnd = data[offset..].IndexOf((byte)'\n');
            if (lineEnd < 0) return data.Length - offset > MaxChunkLineLength ? HttpParseStatus.Invalid : HttpParseStatus.NeedMoreData;
            if (lineEnd > MaxChunkLineLength) return HttpParseStatus.Invalid;
            var line = data.Slice(offset, lineEnd);
            var semicolon = line.IndexOf((byte)';');
            if (semicolon >= 0) line = line[..semicolon];
            line = line.Trim(" \t\r"u8);
            if (line.Length is 0 or > 15) return HttpParseStatus.Invalid;
            if (!long.TryParse(Encoding.ASCII.GetString(line), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                return HttpParseStatus.Invalid;
            offset += lineEnd + 1;
            if (size == 0)
            {
                // Trailer section: header lines until an empty line.
                while (true)
                {
                    var trailerEnd = data[offset..].IndexOf((byte)'\n');
                    if (trailerEnd < 0) return HttpParseStatus.NeedMoreData;
                    var trailer = data.Slice(offset, trailerEnd).TrimEnd((byte)'\r');
                    offset += trailerEnd + 1;
                    if (trailer.Length == 0) return HttpParseStatus.Complete;
                }
            }
            if (data.Length - offset < size) return HttpParseStatus.NeedMoreData;
            body.Write(data.Slice(offset, (int)size));
            offset += (int)size;
            // CRLF after the chunk data.
            if (data.Length - offset < 1) return HttpParseStatus.NeedMoreData;
            if (data[offset] == '\r')
            {
                if (data.Length - offset < 2) return HttpParseStatus.NeedMoreData;
                if (data[offset + 1] != '\n') return HttpParseStatus.Invalid;
                offset += 2;
            }
            else if (data[offset] == '\n')
            {
                offset += 1;
            }
            else
            {
                return HttpParseStatus.Invalid;
            }
        }
    }
}
