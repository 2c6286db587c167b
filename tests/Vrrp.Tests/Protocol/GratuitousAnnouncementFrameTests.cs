using System.Net;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.Tests.Golden;

namespace LvsDirector.Vrrp.Tests.Protocol;

/// <summary>GARP and unsolicited NA builders against keepalived's frames.</summary>
public class GratuitousAnnouncementFrameTests
{
    private static readonly byte[] Mac = [0x02, 0x4b, 0x41, 0x00, 0x00, 0x11];

    [Fact]
    public void GratuitousArpTryWrite_Vip_EqualsKeepalivedFrame()
    {
        var golden = GoldenFrames.Frame("gratuitous_arp");
        var decode = GoldenFrames.Decode("gratuitous_arp");
        var vip = IPAddress.Parse(GoldenFrames.Field(decode, "Sender IP address")).GetAddressBytes();
        Assert.Equal("request (1)", GoldenFrames.Field(decode, "Opcode"));

        var frame = new byte[GratuitousArpFrame.Length];
        Assert.True(GratuitousArpFrame.TryWrite(frame, Mac, vip, ArpOperation.Request, out var written));

        Assert.Equal(golden.Length, written);
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(frame));
    }

    [Fact]
    public void GratuitousArpTryWrite_Reply_SetsOpcodeTwo()
    {
        var frame = new byte[GratuitousArpFrame.Length];
        Assert.True(GratuitousArpFrame.TryWrite(frame, Mac, [192, 0, 2, 100], ArpOperation.Reply, out _));
        Assert.Equal(2, frame[21]);
    }

    [Fact]
    public void GratuitousArpTryWrite_ShortBuffer_ReturnsFalse() =>
        Assert.False(GratuitousArpFrame.TryWrite(new byte[41], Mac, [192, 0, 2, 100], ArpOperation.Request, out _));

    [Fact]
    public void UnsolicitedNaTryWrite_Vip_EqualsKeepalivedFrameIncludingChecksum()
    {
        var golden = GoldenFrames.Frame("unsolicited_na");
        var decode = GoldenFrames.Decode("unsolicited_na");
        var target = IPAddress.Parse(GoldenFrames.Field(decode, "Target Address")).GetAddressBytes();
        Assert.StartsWith("0xb5d1 [correct]", GoldenFrames.Field(decode, "Checksum"));

        var frame = new byte[UnsolicitedNeighborAdvertisementFrame.Length];
        Assert.True(UnsolicitedNeighborAdvertisementFrame.TryWrite(frame, Mac, target, out var written));

        Assert.Equal(golden.Length, written);
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(frame));
    }

    [Fact]
    public void UnsolicitedNaTryWriteIcmp_Vip_EqualsIcmpPartOfKeepalivedFrame()
    {
        var golden = GoldenFrames.Frame("unsolicited_na");
        var target = golden.AsSpan(22, 16).ToArray();

        var icmp = new byte[UnsolicitedNeighborAdvertisementFrame.IcmpLength];
        Assert.True(UnsolicitedNeighborAdvertisementFrame.TryWriteIcmp(icmp, Mac, target, target, UnsolicitedNeighborAdvertisementFrame.AllNodes, out _));

        Assert.Equal(Convert.ToHexString(golden.AsSpan(54)), Convert.ToHexString(icmp));
    }
}
