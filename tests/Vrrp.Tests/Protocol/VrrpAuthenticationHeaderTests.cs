using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Protocol;

/// <summary>
/// keepalived's <c>auth_type AH</c>, byte for byte. shared/golden/vrrp has no AH frame, so these were
/// captured here (2026-11-22, tcpdump on the bridge port) from Keepalived v2.2.7 (Debian 12) with
/// golden/vrrp's node A (192.0.2.11, MAC 02:4b:41:00:00:11), VRID 51, priority 150, advert_int 1,
/// VIP 192.0.2.100/32, <c>authentication { auth_type AH; auth_pass kahvpass }</c>; multicast, then
/// unicast to 192.0.2.12 (<c>unicast_src_ip 192.0.2.11</c>). The first two adverts of each run (IP id and
/// AH sequence 1 and 2). Ethernet header stripped: what a raw IPv4 socket sends and reads.
/// </summary>
public class VrrpAuthenticationHeaderTests
{
    public static TheoryData<string, bool, ushort, string> KeepalivedFrames => new()
    {
        { "multicast-1", false, 1, "45c0004000010000ff3318acc000020be000001270040000c000020b00000001844fee04242401bb7fd392702133960102018465c00002640000000000000000" },
        { "multicast-2", false, 2, "45c0004000020000ff3318abc000020be000001270040000c000020b000000026d484da59a740646551a8fd52133960102018465c00002640000000000000000" },
        { "unicast-1", true, 1, "45c0004000010000ff3336b2c000020bc000020c70040000c000020b0000000152aae63d2341e40bab6164b82133960102018465c00002640000000000000000" },
        { "unicast-2", true, 2, "45c0004000020000ff3336b1c000020bc000020c70040000c000020b00000002162e66927d88a6ae1eb15e3a2133960102018465c00002640000000000000000" },
    };

    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.11");
    private static readonly byte[] Key = VrrpAuthenticationHeader.Key("kahvpass");

    private static VrrpAdvertisement Advert(byte priority = 150) =>
        VrrpAdvertisement.CreateV2(51, priority, 1, [IPAddress.Parse("192.0.2.100")], VrrpAuthenticationType.IpAuthenticationHeader);

    private static IPAddress Destination(bool unicast) => IPAddress.Parse(unicast ? "192.0.2.12" : "224.0.0.18");

    [Theory]
    [MemberData(nameof(KeepalivedFrames))]
    public void TryEncode_KeepalivedCapture_ByteForByte(string name, bool unicast, ushort counter, string hex)
    {
        var buffer = new byte[VrrpAuthenticationHeader.MaxDatagramLength];

        Assert.True(VrrpAuthenticationHeader.TryEncode(Advert(), Source, Destination(unicast), Key, counter, counter, unicast, buffer, out var length), name);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(KeepalivedFrames))]
    public void Verify_KeepalivedCapture_TrueWithItsKeyFalseWithAnother(string name, bool unicast, ushort counter, string hex)
    {
        var datagram = Convert.FromHexString(hex);
        Assert.True(VrrpAuthenticationHeader.Verify(datagram, Key, unicast), name);
        Assert.False(VrrpAuthenticationHeader.Verify(datagram, VrrpAuthenticationHeader.Key("kahvpasX"), unicast), name);
        Assert.Equal(counter, datagram[5]);
        // keepalived numbered the capture's adverts 1, 2, 3 … in the AH as in the IP identification.
        Assert.Equal(counter, VrrpAuthenticationHeader.ReadSequence(datagram));
    }

    [Theory]
    [MemberData(nameof(KeepalivedFrames))]
    public void TryUnwrap_KeepalivedCapture_YieldsTheVrrpAdvert(string name, bool unicast, ushort counter, string hex)
    {
        var datagram = Convert.FromHexString(hex);
        Assert.Equal(VrrpIpv4DatagramStatus.Success, VrrpIpv4Datagram.TryUnwrap(datagram, out var header, out var offset, out var length, out var ahLength));
        Assert.Equal(VrrpAuthenticationHeader.Length, ahLength);
        Assert.Equal(VrrpDecodeStatus.Success, VrrpPacketCodec.TryDecode(datagram.AsSpan(offset, length), Source, Destination(unicast), out var advert, out _));
        Assert.Equal(Advert() with { Checksum = advert!.Checksum }, advert);
        Assert.Equal(0x8465, advert.Checksum);
        Assert.Equal(VrrpPacketCodec.RequiredTtl, header.TimeToLive);
        Assert.True(counter > 0, name);
    }

    [Fact]
    public void Verify_MutableFieldsChangedOnTheWay_StillValid()
    {
        var datagram = Convert.FromHexString(KeepalivedFrames.Select(r => (string)r[3]).First());
        datagram[1] = 0x00; // TOS re-marked
        datagram[6] = 0x40; // DF set
        datagram[10] ^= 0xFF; // header checksum rewritten
        Assert.True(VrrpAuthenticationHeader.Verify(datagram, Key, unicast: false));
    }

    [Fact]
    public void Verify_UnicastTtlDecremented_StillValidButMulticastTtlIsCovered()
    {
        var unicast = Convert.FromHexString((string)KeepalivedFrames.Skip(2).First()[3]);
        unicast[8] = 254;
        Assert.True(VrrpAuthenticationHeader.Verify(unicast, Key, unicast: true));
        var multicast = Convert.FromHexString((string)KeepalivedFrames.First()[3]);
        multicast[8] = 254;
        Assert.False(VrrpAuthenticationHeader.Verify(multicast, Key, unicast: false));
    }

    [Fact]
    public void Verify_AnyImmutableOctetFlipped_Invalid()
    {
        var original = Convert.FromHexString((string)KeepalivedFrames.First()[3]);
        var mutable = new HashSet<int> { 1, 6, 7, 10, 11 };
        for (var i = 0; i < original.Length; i++)
        {
            if (mutable.Contains(i)) continue;
            var copy = (byte[])original.Clone();
            copy[i] ^= 0x01;
            Assert.False(VrrpAuthenticationHeader.Verify(copy, Key, unicast: false), $"flip at offset {i} not detected");
        }
    }

    [Fact]
    public void TryEncode_NotV2Ipv4OrWrongKeyOrSmallBuffer_False()
    {
        var buffer = new byte[VrrpAuthenticationHeader.MaxDatagramLength];
        var v3 = VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetwork, 51, 150, 100, [IPAddress.Parse("192.0.2.100")]);
        Assert.False(VrrpAuthenticationHeader.TryEncode(v3, Source, Destination(false), Key, 1, 1, false, buffer, out _));
        Assert.False(VrrpAuthenticationHeader.TryEncode(Advert(), Source, Destination(false), new byte[7], 1, 1, false, buffer, out _));
        Assert.False(VrrpAuthenticationHeader.TryEncode(Advert(), Source, Destination(false), Key, 1, 1, false, new byte[60], out _));
        Assert.False(VrrpAuthenticationHeader.TryEncode(Advert(), IPAddress.IPv6Loopback, Destination(false), Key, 1, 1, false, buffer, out _));
    }

    [Fact]
    public void EncodeThenVerify_AnyAdvertAndCounters_RoundTrips()
    {
        var gen =
            from priority in Gen.Choose(0, 255)
            from count in Gen.Choose(0, 20)
            from counter in Gen.Choose(1, 65535)
            from unicast in Gen.Elements(true, false)
            select (priority, count, counter, unicast);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var addresses = Enumerable.Range(0, c.count).Select(i => IPAddress.Parse($"198.51.100.{i}"));
            var advert = VrrpAdvertisement.CreateV2(7, (byte)c.priority, 3, addresses, VrrpAuthenticationType.IpAuthenticationHeader);
            var buffer = new byte[VrrpAuthenticationHeader.MaxDatagramLength];
            var ok = VrrpAuthenticationHeader.TryEncode(advert, Source, Destination(c.unicast), Key, (ushort)c.counter, (uint)c.counter * 7, c.unicast, buffer, out var length);
            var datagram = buffer.AsSpan(0, length);
            return ok
                && VrrpAuthenticationHeader.Verify(datagram, Key, c.unicast)
                && VrrpAuthenticationHeader.ReadSequence(datagram) == (uint)c.counter * 7
                && VrrpIpv4Datagram.TryUnwrap(datagram, out _, out var offset, out var payloadLength, out _) == VrrpIpv4DatagramStatus.Success
                && VrrpPacketCodec.TryDecode(datagram.Slice(offset, payloadLength), Source, Destination(c.unicast), out var decoded, out _) == VrrpDecodeStatus.Success
                && decoded == advert with { Checksum = decoded!.Checksum };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Verify_ArbitraryBytes_NeverThrows()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            _ = VrrpAuthenticationHeader.Verify(bytes, Key, unicast: false);
            _ = VrrpAuthenticationHeader.Verify(bytes, Key, unicast: true);
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
