using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Checkers.Codecs;

namespace LvsDirector.Checkers.Tests.Codecs;

public class IcmpEchoCodecTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    // RFC 792 echo request: type 8, code 0, checksum 0x3337, id 1, seq 1, payload "abcd".
    private static readonly byte[] GoldenRequestV4 = Convert.FromHexString("08003337000100016162636" + "4");

    // The matching echo reply: type 0, checksum 0x3b37.
    private static readonly byte[] GoldenReplyV4 = Convert.FromHexString("00003b3700010001616263" + "64");

    [Fact]
    public void WriteEchoRequest_V4_GoldenBytesWithChecksum()
    {
        var buffer = new byte[64];

        var written = IcmpEchoCodec.WriteEchoRequest(false, 1, 1, "abcd"u8, buffer);

        Assert.Equal(GoldenRequestV4, buffer[..written]);
    }

    [Fact]
    public void WriteEchoRequest_V6_Type128ChecksumLeftToKernel()
    {
        var buffer = new byte[64];

        var written = IcmpEchoCodec.WriteEchoRequest(true, 0x1234, 7, "ab"u8, buffer);

        Assert.Equal(Convert.FromHexString("800000001234000761" + "62"), buffer[..written]);
    }

    [Fact]
    public void TryReadEchoReply_GoldenV4_IdentifierAndSequence()
    {
        Assert.True(IcmpEchoCodec.TryReadEchoReply(GoldenReplyV4, false, out var reply));

        Assert.Equal(new IcmpEchoReply(1, 1, 4), reply);
    }

    [Fact]
    public void TryReadEchoReply_BadChecksumOrRequestType_False()
    {
        var corrupted = (byte[])GoldenReplyV4.Clone();
        corrupted[9] ^= 0xFF;

        Assert.False(IcmpEchoCodec.TryReadEchoReply(corrupted, false, out _));
        Assert.False(IcmpEchoCodec.TryReadEchoReply(GoldenRequestV4, false, out _));
    }

    [Fact]
    public void TryStripIPv4Header_Ihl5_PayloadAfter20Bytes()
    {
        var datagram = new byte[20 + GoldenReplyV4.Length];
        datagram[0] = 0x45;
        GoldenReplyV4.CopyTo(datagram, 20);

        Assert.True(IcmpEchoCodec.TryStripIPv4Header(datagram, out var payload));

        Assert.Equal(GoldenReplyV4, payload.ToArray());
    }

    [Fact]
    public void Checksum_PacketWithItsChecksum_VerifiesToZero()
    {
        var gen = Gen.Zip(ArbMap.Default.GeneratorFor<ushort>(), Gen.Zip(ArbMap.Default.GeneratorFor<ushort>(),
            Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))));
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (id, (seq, payload)) = t;
            var buffer = new byte[IcmpEchoCodec.HeaderLength + payload.Length];
            IcmpEchoCodec.WriteEchoRequest(false, id, seq, payload, buffer);
            return IcmpEchoCodec.Checksum(buffer) == 0;
        }));
    }

    [Fact]
    public void TryRead_ArbitraryBytes_NeverThrows()
    {
        var gen = Gen.Choose(0, 100).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            IcmpEchoCodec.TryReadEchoReply(bytes, false, out _);
            IcmpEchoCodec.TryReadEchoReply(bytes, true, out _);
            IcmpEchoCodec.TryStripIPv4Header(bytes, out _);
            return true;
        }));
    }
}
