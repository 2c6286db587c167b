using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Checkers.Codecs;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Codecs;

public class DnsMessageCodecTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    // RFC 1035 §4.1: id 0x1234, RD, QDCOUNT 1; question example.com A IN.
    private static readonly byte[] GoldenQueryExampleA = Convert.FromHexString("123401000001000000000000076578616d706c6503636f6d0000010001");

    // The reply: QR|RD|RA, NOERROR, ANCOUNT 1; answer name is a pointer to offset 12, A 192.0.2.1 TTL 3600.
    private static readonly byte[] GoldenReplyExampleA = Convert.FromHexString(
        "123481800001000100000000076578616d706c6503636f6d0000010001" + "c00c0001000100000e100004c0000201");

    // Root SOA query (keepalived's default DNS_CHECK): the name is the single root label.
    private static readonly byte[] GoldenQueryRootSoa = Convert.FromHexString("abcd0100000100000000000000000600" + "01");

    [Fact]
    public void TryWriteQuery_ExampleA_GoldenBytes()
    {
        var buffer = new byte[512];

        Assert.True(DnsMessageCodec.TryWriteQuery(0x1234, "example.com", DnsQueryType.A, buffer, out var written));

        Assert.Equal(GoldenQueryExampleA, buffer[..written]);
    }

    [Fact]
    public void TryWriteQuery_RootSoaWithTrailingDotVariants_GoldenBytes()
    {
        var buffer = new byte[512];

        Assert.True(DnsMessageCodec.TryWriteQuery(0xabcd, ".", DnsQueryType.SOA, buffer, out var written));

        Assert.Equal(GoldenQueryRootSoa, buffer[..written]);
    }

    [Fact]
    public void TryReadResponse_GoldenReply_HeaderAndQuestion()
    {
        Assert.True(DnsMessageCodec.TryReadResponse(GoldenReplyExampleA, out var response));

        Assert.Equal(0x1234, response.Id);
        Assert.True(response.IsResponse);
        Assert.Equal(0, response.ResponseCode);
        Assert.Equal(1, response.AnswerCount);
        Assert.Equal("example.com", response.QuestionName);
        Assert.Equal((ushort)DnsQueryType.A, response.QuestionType);
    }

    [Fact]
    public void TryReadResponse_OwnQuery_ReadsBackTheQuestion()
    {
        Assert.True(DnsMessageCodec.TryReadResponse(GoldenQueryExampleA, out var response));

        Assert.False(response.IsResponse);
        Assert.Equal("example.com", response.QuestionName);
    }

    [Fact]
    public void TryReadResponse_TruncatedAnswer_False()
    {
        Assert.False(DnsMessageCodec.TryReadResponse(GoldenReplyExampleA[..^2], out _));
    }

    [Fact]
    public void TryReadName_PointerLoop_FalseNotHang()
    {
        // Header, then a name that points at itself.
        var message = new byte[14];
        message[12] = 0xC0;
        message[13] = 12;

        Assert.False(DnsMessageCodec.TryReadName(message, 12, out _, out _));
    }

    [Fact]
    public void TryReadName_PointerPastEnd_False()
    {
        var message = new byte[14];
        message[12] = 0xC0;
        message[13] = 200;

        Assert.False(DnsMessageCodec.TryReadName(message, 12, out _, out _));
    }

    [Theory]
    [InlineData(".", true)]
    [InlineData("example.com.", true)]
    [InlineData("a..b", false)]
    [InlineData("", false)]
    [InlineData("has space.com", false)]
    public void IsValidName_Cases(string name, bool valid)
    {
        Assert.Equal(valid, DnsMessageCodec.IsValidName(name));
    }

    [Fact]
    public void IsValidName_LabelOf64_False()
    {
        Assert.False(DnsMessageCodec.IsValidName(new string('a', 64) + ".com"));
        Assert.True(DnsMessageCodec.IsValidName(new string('a', 63) + ".com"));
    }

    [Fact]
    public void TryReadResponse_ArbitraryBytes_NeverThrows()
    {
        var gen = Gen.Choose(0, 600).SelectMany(len => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), len));
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            DnsMessageCodec.TryReadResponse(bytes, out _);
            return true;
        }));
    }

    [Fact]
    public void TryReadResponse_MutatedGoldenReply_NeverThrows()
    {
        var gen = Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(0, 255)).ArrayOf();
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), edits =>
        {
            var packet = (byte[])GoldenReplyExampleA.Clone();
            foreach (var (at, value) in edits) packet[at % packet.Length] = (byte)value;
            DnsMessageCodec.TryReadResponse(packet, out _);
            return true;
        }));
    }

    [Fact]
    public void TryWriteQueryThenTryReadResponse_AnyValidName_RoundTrips()
    {
        var label = Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), n)).Select(c => new string(c));
        var name = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(label, n)).Select(l => string.Join('.', l));
        var gen = Gen.Zip(name, Gen.Zip(Gen.Elements(Enum.GetValues<DnsQueryType>()), ArbMap.Default.GeneratorFor<ushort>()));
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (n, (type, id)) = t;
            var buffer = new byte[512];
            if (!DnsMessageCodec.TryWriteQuery(id, n, type, buffer, out var written)) return false;
            return DnsMessageCodec.TryReadResponse(buffer.AsSpan(0, written), out var r)
                && r.Id == id && r.QuestionName == n && r.QuestionType == (ushort)type && r.QuestionCount == 1;
        }));
    }
}
