using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.Tests.Golden;

namespace LvsDirector.Vrrp.Tests.Protocol;

/// <summary>Decodes every keepalived-captured advert, checks it against tshark's decode and re-encodes it byte for byte.</summary>
public class VrrpPacketCodecGoldenTests
{
    private const int EthernetHeaderLength = 14;
    private const int Ipv6HeaderLength = 40;

    public static TheoryData<string> AdvertFrames => new()
    {
        "vrrp_v2_pass_advert",
        "vrrp_v2_pass_advert_2vips",
        "vrrp_v2_prio0_advert",
        "vrrp_v2_unicast_advert",
        "vrrp_v3_ipv4_advert",
        "vrrp_v3_ipv4_advert_10cs",
        "vrrp_v3_ipv6_advert",
    };

    [Fact]
    public void GoldenDirectory_EveryVrrpCapture_IsCoveredByATheoryRow()
    {
        var covered = ((IEnumerable<object[]>)AdvertFrames).Select(row => (string)row[0]).ToHashSet();
        var captured = Directory.GetFiles(GoldenFrames.Directory, "vrrp_*.pcap").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.NotEmpty(captured);
        Assert.All(captured, name => Assert.Contains(name!, covered));
    }

    [Theory]
    [MemberData(nameof(AdvertFrames))]
    public void TryDecode_GoldenFrame_MatchesTsharkDecode(string name)
    {
        var frame = GoldenFrames.Frame(name);
        var decode = GoldenFrames.Decode(name);
        var (payload, source, destination, ttl) = Unwrap(frame);

        var status = VrrpPacketCodec.TryDecode(payload, source, destination, out var advert, out var checksumMode);

        Assert.Equal(VrrpDecodeStatus.Success, status);
        Assert.NotNull(advert);
        Assert.Equal(VrrpPacketCodec.RequiredTtl, ttl);
        Assert.Equal(int.Parse(GoldenFrames.Field(decode, "VRRP protocol version")), (int)advert.Version);
        Assert.Equal(int.Parse(GoldenFrames.Field(decode, "Virtual Rtr ID")), advert.VirtualRouterId);
        Assert.Equal(int.Parse(GoldenFrames.FirstToken(GoldenFrames.Field(decode, "Priority"))), advert.Priority);
        Assert.Equal(int.Parse(GoldenFrames.Field(decode, "Addr Count")), advert.Addresses.Length);
        Assert.Equal(int.Parse(GoldenFrames.Field(decode, "Adver Int")), advert.AdvertisementInterval);
        var checksumText = GoldenFrames.Field(decode, "Checksum");
        Assert.EndsWith("[correct]", checksumText);
        Assert.Equal(ushort.Parse(GoldenFrames.FirstToken(checksumText)[2..], NumberStyles.HexNumber), advert.Checksum);

        var addressLabel = source.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6 Address" : "IP Address";
        Assert.Equal(GoldenFrames.Fields(decode, addressLabel).Select(IPAddress.Parse), advert.Addresses);

        if (advert.Version == VrrpVersion.V2)
        {
            var authType = GoldenFrames.Field(decode, "Auth Type");
            Assert.Equal(int.Parse(authType[(authType.LastIndexOf('(') + 1)..^1]), (int)advert.AuthenticationType);
            var password = GoldenFrames.Field(decode, "Authentication String");
            Assert.Equal(password, System.Text.Encoding.ASCII.GetString(advert.AuthenticationData.AsSpan()).TrimEnd('\0'));
            Assert.Equal(VrrpChecksumMode.ExcludePseudoHeader, checksumMode);
        }
        else
        {
            // keepalived 2.2.7 includes the pseudo-header for IPv4 too (RFC 5798 wording).
            Assert.Equal(VrrpChecksumMode.IncludePseudoHeader, checksumMode);
        }
    }

    [Theory]
    [MemberData(nameof(AdvertFrames))]
    public void TryEncode_DecodedGoldenFrame_ReproducesBytesIncludingChecksum(string name)
    {
        var frame = GoldenFrames.Frame(name);
        var (payload, source, destination, _) = Unwrap(frame);
        Assert.Equal(VrrpDecodeStatus.Success, VrrpPacketCodec.TryDecode(payload, source, destination, out var advert, out var mode));

        var buffer = new byte[VrrpPacketCodec.MaxMessageLength + 8];
        Assert.True(VrrpPacketCodec.TryEncode(advert! with { Checksum = 0 }, source, destination, mode, buffer, out var written));

        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void TryEncode_V2PassAdvertBuiltFromScratch_EqualsKeepalivedFrame()
    {
        var (payload, source, destination, _) = Unwrap(GoldenFrames.Frame("vrrp_v2_pass_advert"));
        var advert = VrrpAdvertisement.CreateV2(51, 150, 1, [IPAddress.Parse("192.0.2.100")], VrrpAuthenticationType.SimplePassword, "kahvpass"u8);

        var buffer = new byte[64];
        Assert.True(VrrpPacketCodec.TryEncode(advert, source, destination, VrrpChecksumMode.IncludePseudoHeader, buffer, out var written));

        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void TryEncode_V3Ipv6AdvertBuiltFromScratch_EqualsKeepalivedFrame()
    {
        var (payload, source, destination, _) = Unwrap(GoldenFrames.Frame("vrrp_v3_ipv6_advert"));
        var advert = VrrpAdvertisement.CreateV3(AddressFamily.InterNetworkV6, 51, 150, 100, [IPAddress.Parse("2001:db8::100")]);

        var buffer = new byte[64];
        Assert.True(VrrpPacketCodec.TryEncode(advert, source, destination, VrrpChecksumMode.IncludePseudoHeader, buffer, out var written));

        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void TryDecode_V3Ipv4WithRfc9568Checksum_AcceptedAndReportedAsExcludingPseudoHeader()
    {
        var (payload, source, destination, _) = Unwrap(GoldenFrames.Frame("vrrp_v3_ipv4_advert"));
        VrrpPacketCodec.TryDecode(payload, source, destination, out var advert, out _);
        var buffer = new byte[64];
        Assert.True(VrrpPacketCodec.TryEncode(advert! with { Checksum = 0 }, source, destination, VrrpChecksumMode.ExcludePseudoHeader, buffer, out var written));
        Assert.NotEqual(payload, buffer[..written]);

        var status = VrrpPacketCodec.TryDecode(buffer.AsSpan(0, written), source, destination, out var decoded, out var mode);

        Assert.Equal(VrrpDecodeStatus.Success, status);
        Assert.Equal(VrrpChecksumMode.ExcludePseudoHeader, mode);
        Assert.Equal(advert!.Addresses.ToArray(), decoded!.Addresses.ToArray());
    }

    [Theory]
    [MemberData(nameof(AdvertFrames))]
    public void TryUnwrap_GoldenIpv4Frame_ReportsVrrpHeaderFields(string name)
    {
        var frame = GoldenFrames.Frame(name);
        if (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) != 0x0800) return; // IPv6 frames have no IPv4 header
        var decode = GoldenFrames.Decode(name);

        var status = VrrpIpv4Datagram.TryUnwrap(frame.AsSpan(EthernetHeaderLength), out var header, out var offset, out var length, out var ahLength);

        Assert.Equal(VrrpIpv4DatagramStatus.Success, status);
        Assert.Equal(int.Parse(GoldenFrames.Field(decode, "Time to Live")), header.TimeToLive);
        Assert.Equal(VrrpPacketCodec.IpProtocolNumber, header.Protocol);
        Assert.Equal(IPAddress.Parse(GoldenFrames.Field(decode, "Source Address")), new IPAddress(BinaryPrimitives.ReverseEndianness(header.SourceAddress)));
        Assert.Equal(IPAddress.Parse(GoldenFrames.Field(decode, "Destination Address")), new IPAddress(BinaryPrimitives.ReverseEndianness(header.DestinationAddress)));
        Assert.Equal(int.Parse(GoldenFrames.Field(decode, "Total Length")), header.TotalLength);
        Assert.Equal(20, offset);
        Assert.Equal(header.TotalLength - 20, length);
        Assert.Equal(0, ahLength);
    }

    /// <summary>The VRRP payload of an Ethernet frame with its IP source, destination and TTL/hop limit.</summary>
    internal static (byte[] Payload, IPAddress Source, IPAddress Destination, byte Ttl) Unwrap(byte[] frame)
    {
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12));
        var ip = frame.AsSpan(EthernetHeaderLength);
        if (etherType == 0x0800)
        {
            Assert.Equal(VrrpIpv4DatagramStatus.Success, VrrpIpv4Datagram.TryUnwrap(ip, out var header, out var offset, out var length, out _));
            return (ip.Slice(offset, length).ToArray(), new IPAddress(ip.Slice(12, 4)), new IPAddress(ip.Slice(16, 4)), header.TimeToLive);
        }
        Assert.Equal(0x86DD, etherType);
        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        return (ip.Slice(Ipv6HeaderLength, payloadLength).ToArray(), new IPAddress(ip.Slice(8, 16)), new IPAddress(ip.Slice(24, 16)), ip[7]);
    }
}
