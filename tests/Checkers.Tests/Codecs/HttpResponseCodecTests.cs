using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Checkers.Codecs;

namespace LvsDirector.Checkers.Tests.Codecs;

public class HttpResponseCodecTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    [Fact]
    public void TryReadHead_StatusAndHeaders_Parsed()
    {
        var data = "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\nServer: nginx\r\n\r\nhello"u8;

        Assert.Equal(HttpParseStatus.Complete, HttpResponseCodec.TryReadHead(data, out var head, out var length));

        Assert.Equal(404, head!.StatusCode);
        Assert.Equal("Not Found", head.Reason);
        Assert.Equal("HTTP/1.1", head.Version);
        Assert.Equal(5, head.ContentLength);
        Assert.Equal(data.Length - 5, length);
    }

    [Fact]
    public void TryReadHead_Partial_NeedMoreData()
    {
        Assert.Equal(HttpParseStatus.NeedMoreData, HttpResponseCodec.TryReadHead("HTTP/1.0 200 OK\r\nServer: x\r\n"u8, out _, out _));
    }

    [Theory]
    [InlineData("SMTP 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.0 abc OK\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\nbroken header\r\n\r\n")]
    public void TryReadHead_Garbage_Invalid(string text)
    {
        Assert.Equal(HttpParseStatus.Invalid, HttpResponseCodec.TryReadHead(Encoding.ASCII.GetBytes(text), out _, out _));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked \r\nContent-Length: 9\r\n\r\n", null, true)]
    [InlineData("HTTP/1.1 200 OK\r\ncontent-length:\t0042\xA0\r\n\r\n", 42L, false)]
    [InlineData("HTTP/1.0 200 OK\ncontent-LENGTH: 7\n\n", 7L, false)]
    public void TryReadHead_FramingHeaders_CaseAndWhiteSpaceInsensitive(string text, long? contentLength, bool chunked)
    {
        Assert.Equal(HttpParseStatus.Complete, HttpResponseCodec.TryReadHead(Encoding.Latin1.GetBytes(text), out var head, out _));

        Assert.Equal(contentLength, head!.ContentLength);
        Assert.Equal(chunked, head.IsChunked);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\n\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Odd\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    public void TryReadHead_BadFramingOrStatus_Invalid(string text)
    {
        Assert.Equal(HttpParseStatus.Invalid, HttpResponseCodec.TryReadHead(Encoding.Latin1.GetBytes(text), out _, out _));
    }

    /// <summary>
    /// The byte-level parser against the string-based one it replaced (kept here as the model): same status, same
    /// head, same length, on heads built from the pieces that decide parsing.
    /// </summary>
    [Fact]
    public void TryReadHead_GeneratedHeads_SameAsStringModel()
    {
        var pieces = new[]
        {
            "HTTP/1.1 ", "HTTP/1.0 ", "HTTP/", "200", "404", "099", "1x0", " ", "OK", "Not Found", "\r\n", "\n", "\r", ":", ",",
            "Content-Length", "content-length", "Transfer-Encoding", "transfer-encoding", "chunked", "Chunked", "gzip",
            "0", "17", "99999999999999999999", "-1", "\t", "\u0085", "\u00A0", "\u00E9", "X-A", "é",
        }.Select(p => Encoding.Latin1.GetBytes(p)).ToArray();
        var gen = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(pieces), n))
            .Select(parts => parts.SelectMany(p => p).ToArray())
            .SelectMany(body => Gen.Elements("", "\r\n\r\n", "\n\n", "\r\n").Select(end => body.Concat(Encoding.Latin1.GetBytes(end)).ToArray()));
        var prefixed = gen.Select(b => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\n").Concat(b).ToArray());
        foreach (var g in new[] { gen, prefixed })
        {
            Check.One(Quick, Prop.ForAll(g.ToArbitrary(), bytes =>
            {
                var status = HttpResponseCodec.TryReadHead(bytes, out var head, out var length);
                var modelStatus = StringModel.TryReadHead(bytes, out var modelHead, out var modelLength);
                return status == modelStatus && length == modelLength && Equals(head, modelHead);
            }));
        }
    }

    /// <summary>The string-based parser of sessions 1–5 (split into lines, a string per header), as the model.</summary>
    private static class StringModel
    {
        public static HttpParseStatus TryReadHead(ReadOnlySpan<byte> data, out HttpResponseHead? head, out int headLength)
        {
            head = null;
            headLength = 0;
            var end = data.IndexOf("\r\n\r\n"u8);
            var terminator = 4;
            var lfEnd = data.IndexOf("\n\n"u8);
            if (lfEnd >= 0 && (end < 0 || lfEnd < end))
            {
                end = lfEnd;
                terminator = 2;
            }
            if (end < 0) return data.Length > HttpResponseCodec.MaxHeadLength ? HttpParseStatus.Invalid : HttpParseStatus.NeedMoreData;
            if (end > HttpResponseCodec.MaxHeadLength) return HttpParseStatus.Invalid;
            var lines = Encoding.Latin1.GetString(data[..end]).Split('\n');
            var statusLine = lines[0].TrimEnd('\r');
            if (!statusLine.StartsWith("HTTP/", StringComparison.Ordinal)) return HttpParseStatus.Invalid;
            var firstSpace = statusLine.IndexOf(' ');
            if (firstSpace < 0 || statusLine.Length < firstSpace + 4) return HttpParseStatus.Invalid;
            if (!int.TryParse(statusLine.AsSpan(firstSpace + 1, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) || code < 100)
                return HttpParseStatus.Invalid;
            if (statusLine.Length > firstSpace + 4 && statusLine[firstSpace + 4] != ' ') return HttpParseStatus.Invalid;
            var reason = statusLine.Length > firstSpace + 5 ? statusLine[(firstSpace + 5)..] : "";
            long? contentLength = null;
            var chunked = false;
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                var colon = line.IndexOf(':');
                if (colon <= 0) return HttpParseStatus.Invalid;
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)) return HttpParseStatus.Invalid;
                    contentLength = length;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                    && value.Split(',').Any(v => v.Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase)))
                {
                    chunked = true;
                }
            }
            head = new HttpResponseHead(statusLine[..firstSpace], code, reason, chunked ? null : contentLength, chunked);
            headLength = end + terminator;
            return HttpParseStatus.Complete;
        }
    }

    [Fact]
    public void TryDecodeChunked_TwoChunksAndTrailer_Body()
    {
        var body = new ArrayBufferWriter<byte>();

        var status = HttpResponseCodec.TryDecodeChunked("5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-T: 1\r\n\r\n"u8, body);

        Assert.Equal(HttpParseStatus.Complete, status);
        Assert.Equal("hello world", Encoding.ASCII.GetString(body.WrittenSpan));
    }

    [Fact]
    public void TryDecodeChunked_MissingLastChunk_NeedMoreData()
    {
        Assert.Equal(HttpParseStatus.NeedMoreData, HttpResponseCodec.TryDecodeChunked("5\r\nhello\r\n"u8, new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Parsers_ArbitraryBytes_NeverThrow()
    {
        var gen = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Elements("HTTP/1.0 200\r\n:0123456789abcdef;xX \t"u8.ToArray()), n));
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            HttpResponseCodec.TryReadHead(bytes, out _, out _);
            HttpResponseCodec.TryDecodeChunked(bytes, new ArrayBufferWriter<byte>());
            return true;
        }));
    }
}
