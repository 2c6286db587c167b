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
