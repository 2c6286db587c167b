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

    /// <summary>Parses the status line and headers; <paramref name="headLength"/> counts the blank line too.</summary>
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

        var text = Encoding.Latin1.GetString(data[..end]);
        var lines = text.Split('\n');
        var statusLine = lines[0].TrimEnd('\r');

        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        if (!statusLine.StartsWith("HTTP/", StringComparison.Ordinal)) return HttpParseStatus.Invalid;
        var firstSpace = statusLine.IndexOf(' ');
        if (firstSpace < 0 || statusLine.Length < firstSpace + 4) return HttpParseStatus.Invalid;
        var codeText = statusLine.AsSpan(firstSpace + 1, 3);
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100) return HttpParseStatus.Invalid;
        if (statusLine.Length > firstSpace + 4 && statusLine[firstSpace + 4] != ' ') return HttpParseStatus.Invalid;
        var reason = statusLine.Length > firstSpace + 5 ? statusLine[(firstSpace + 5)..] : "";

        var headers = new List<KeyValuePair<string, string>>();
        long? contentLength = null;
        var chunked = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0) return HttpParseStatus.Invalid;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers.Add(new(name, value));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)) return HttpParseStatus.Invalid;
                contentLength = length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && value.Split(',').Any(v => v.Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase)))
            {
                chunked = true;
            }
        }
        head = new HttpResponseHead(statusLine[..firstSpace], code, reason, headers, chunked ? null : contentLength, chunked);
        headLength = end + terminator;
        return HttpParseStatus.Complete;
    }

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
