using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Protocol;

/// <summary>FsCheck properties of the codec: decoding arbitrary bytes never throws; encode→decode is the identity.</summary>
public class VrrpPacketCodecPropertyTests
{
    // Small in CI; raise locally with LVS_FUZZ_COUNT for a longer fuzz run.
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("LVS_FUZZ_COUNT"), out var n) ? n : 2000;
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(Count);

    private static Gen<byte[]> Bytes(int max) => Gen.Choose(0, max).SelectMany(len => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), len));

    [Fact]
    public void TryDecode_ArbitraryBytes_NeverThrows()
    {
        var gen = Gen.Zip(Bytes(VrrpPacketCodec.MaxMessageLength + 16), Gen.Elements(AddressFamily.InterNetwork, AddressFamily.InterNetworkV6));
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (bytes, family) = t;
            var len = family == AddressFamily.InterNetwork ? 4 : 16;
            var status = VrrpPacketCodec.TryDecode(bytes, family, new byte[len], new byte[len], out var advert, out _);
            return (status == VrrpDecodeStatus.Success) == (advert is not null);
        }));
    }

    [Fact]
    public void TryDecode_MutatedValidPacket_NeverThrowsAndNeverMisreportsLength()
    {
        var gen = Gen.Zip(Gen.Choose(0, 19), Gen.Choose(0, 255)).ArrayOf();
        var source = IPAddress.Parse("192.0.2.11");
        var group = IPAddress.Parse("224.0.0.18");
        var buffer = new byte[64];
        VrrpPacketCodec.TryEncode(VrrpAdvertisement.CreateV2(5, 100, 1, [IPAddress.Parse("192.0.2.100"), IPAddress.Parse("192.0.2.101")]), source, group, VrrpChecksumMode.IncludePseudoHeader, buffer, out var written);
        var valid = buffer[..written];
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), edits =>
        {
            var packet = (byte[])valid.Clone();
            foreach (var (at, value) in edits) packet[at % packet.Length] = (byte)value;
            var status = VrrpPacketCodec.TryDecode(packet, source, group, out var advert, out _);
            return status != VrrpDecodeStatus.Success || advert!.Addresses.Length == packet[3];
        }));
    }

    [Fact]
    public void TryUnwrap_ArbitraryBytes_NeverThrowsAndStaysInBounds()
    {
        Check.One(Quick, Prop.ForAll(Bytes(128).ToArbitrary(), bytes =>
        {
            var status = VrrpIpv4Datagram.TryUnwrap(bytes, out _, out var offset, out var length, out _);
            return status != VrrpIpv4DatagramStatus.Success || (offset >= 20 && offset + length <= bytes.Length && length >= 0);
        }));
    }

    [Fact]
    public void TryEncodeThenTryDecode_AnyValidAdvertisement_RoundTrips()
    {
        var gen =
            from version in Gen.Elements(VrrpVersion.V2, VrrpVersion.V3)
            from v6 in version == VrrpVersion.V3 ? ArbMap.Default.GeneratorFor<bool>() : Gen.Constant(false)
            from vrid in Gen.Choose(1, 255)
            from priority in Gen.Choose(0, 255)
            from interval in version == VrrpVersion.V2 ? Gen.Choose(0, 255) : Gen.Choose(0, VrrpPacketCodec.MaxV3IntervalCentiseconds)
            from count in Gen.Choose(0, 20)
            from raw in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), count * (v6 ? 16 : 4))
            from auth in Gen.Elements(VrrpAuthenticationType.None, VrrpAuthenticationType.SimplePassword, VrrpAuthenticationType.IpAuthenticationHeader)
            from password in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 8)
            from mode in Gen.Elements(VrrpChecksumMode.IncludePseudoHeader, VrrpChecksumMode.ExcludePseudoHeader)
            select (version, v6, vrid, priority, interval, raw, auth, password, mode);

        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var family = t.v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            var size = t.v6 ? 16 : 4;
            var addresses = Enumerable.Range(0, t.raw.Length / size).Select(i => new IPAddress(t.raw.AsSpan(i * size, size))).ToArray();
            var advert = t.version == VrrpVersion.V2
                ? VrrpAdvertisement.CreateV2((byte)t.vrid, (byte)t.priority, (byte)t.interval, addresses, t.auth, t.password)
                : VrrpAdvertisement.CreateV3(family, (byte)t.vrid, (byte)t.priority, (ushort)t.interval, addresses);
            var src = t.v6 ? IPAddress.Parse("fe80::11") : IPAddress.Parse("192.0.2.11");
            var dst = t.v6 ? IPAddress.Parse("ff02::12") : IPAddress.Parse("224.0.0.18");
            var buffer = new byte[VrrpPacketCodec.MaxMessageLength];
            if (!VrrpPacketCodec.TryEncode(advert, src, dst, t.mode, buffer, out var written)) return false;
            var status = VrrpPacketCodec.TryDecode(buffer.AsSpan(0, written), src, dst, out var decoded, out var mode);
            var expectedMode = VrrpPacketCodec.UsesPseudoHeader(t.version, family, t.mode) ? VrrpChecksumMode.IncludePseudoHeader : VrrpChecksumMode.ExcludePseudoHeader;
            return status == VrrpDecodeStatus.Success
                && decoded! == advert with { Checksum = decoded!.Checksum }
                && mode == expectedMode
                && written == VrrpPacketCodec.GetEncodedLength(t.version, family, addresses.Length);
        }));
    }
}
