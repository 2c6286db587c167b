using System.Diagnostics;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>
/// The whole IPv4 receive path (IPv4/AH unwrap, codec, dispatcher, instance checks, state machine) fed
/// with arbitrary and mutated datagrams: never an exception, every rejected datagram counted. The count
/// comes from LVS_FUZZ_COUNT (scripts/bench/vrrp-fuzz.sh runs 1,000,000); CI runs the default.
/// </summary>
public class VrrpReceivePathFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 20_000;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("LVS_FUZZ_COUNT"), out var n) && n > 0 ? n : DefaultCount;

    private static byte[] Datagram(VrrpAdvertisement advert, byte ttl = 255)
    {
        var payload = new byte[VrrpPacketCodec.MaxMessageLength];
        Assert.True(VrrpPacketCodec.TryEncode(advert, VrrpInstanceHarness.Peer, VrrpInstanceHarness.Group, VrrpChecksumMode.IncludePseudoHeader, payload, out var n));
        var d = new byte[20 + n];
        d[0] = 0x45;
        d[2] = (byte)(d.Length >> 8);
        d[3] = (byte)d.Length;
        d[8] = ttl;
        d[9] = VrrpPacketCodec.IpProtocolNumber;
        VrrpInstanceHarness.Peer.GetAddressBytes().CopyTo(d, 12);
        VrrpInstanceHarness.Group.GetAddressBytes().CopyTo(d, 16);
        payload.AsSpan(0, n).CopyTo(d.AsSpan(20));
        return d;
    }

    private static byte[][] Seeds()
    {
        var vips = new[] { VrrpInstanceHarness.Vip };
        var ah = new byte[VrrpAuthenticationHeader.MaxDatagramLength];
        Assert.True(VrrpAuthenticationHeader.TryEncode(VrrpAdvertisement.CreateV2(51, 200, 1, vips, VrrpAuthenticationType.IpAuthenticationHeader),
            VrrpInstanceHarness.Peer, VrrpInstanceHarness.Group, VrrpAuthenticationHeader.Key("x"), 1, 1, false, ah, out var ahLength));
        return
        [
            Datagram(VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetwork, 51, 200, 100, vips)),
            Datagram(VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetwork, 51, 0, 100, vips)),
            Datagram(VrrpAdvertisement.CreateV2(51, 200, 1, vips, VrrpAuthenticationType.SimplePassword, "secret"u8)),
            ah[..ahLength],
        ];
    }

    /// <summary>A seed datagram with up to 8 edits (byte set, truncation, extension), or plain random bytes.</summary>
    private static Gen<byte[]> Inputs(byte[][] seeds)
    {
        var edit =
            from kind in Gen.Choose(0, 2)
            from position in Gen.Choose(0, 600)
            from value in Gen.Choose(0, 255)
            select (kind, position, (byte)value);
        var mutated =
            from seed in Gen.Elements(seeds)
            from count in Gen.Choose(1, 8)
            from edits in Gen.ListOf(edit, count)
            select Apply(seed, edits);
        var random = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        return Gen.Frequency((4, mutated), (1, random));
    }

    private static byte[] Apply(byte[] seed, IEnumerable<(int Kind, int Position, byte Value)> edits)
    {
        var bytes = seed.ToList();
        foreach (var (kind, position, value) in edits)
        {
            if (kind == 0 && bytes.Count > 0) bytes[position % bytes.Count] = value;
            else if (kind == 1) bytes.RemoveRange(position % (bytes.Count + 1), bytes.Count - position % (bytes.Count + 1));
            else bytes.AddRange(Enumerable.Repeat(value, 1 + position % 64));
        }
        return bytes.ToArray();
    }

    [Fact]
    public void OnIpv4Datagram_ArbitraryAndMutatedDatagrams_NeverThrowAndEveryRejectionIsCounted()
    {
        var seeds = Seeds();
        var v3 = new VrrpInstanceHarness();
        var v2 = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2) with
        {
            Interface = "eth1",
            Authentication = new LvsDirector.Vrrp.Configuration.VrrpAuthenticationOptions { Password = "secret" },
        });
        var dispatcher = new VrrpPacketDispatcher(v3.Time, NullLogger.Instance);
        dispatcher.SetInstances([v3.Instance, v2.Instance]);
        v3.StartAsMaster();
        v2.StartAsMaster();
        long delivered = 0;
        var clock = Stopwatch.StartNew();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Count), Prop.ForAll(Inputs(seeds).ToArbitrary(), datagram =>
        {
            dispatcher.OnIpv4Datagram("eth0", datagram);
            dispatcher.OnIpv4Datagram("eth1", datagram);
            delivered += 2;
            // Keep the instances cycling through their states: a takeover by a mutated advert is legal, a crash is not.
            v3.Advance(50);
            return true;
        }));

        clock.Stop();
        var counted = dispatcher.Drops.Snapshot().Values.Sum()
            + v3.Instance.GetStatistics().Drops.Values.Sum() + v3.Instance.GetStatistics().AdvertisementsReceived
            + v2.Instance.GetStatistics().Drops.Values.Sum() + v2.Instance.GetStatistics().AdvertisementsReceived;
        output.WriteLine($"{Count} inputs ({delivered} deliveries) in {clock.Elapsed.TotalSeconds:F1} s = {Count / clock.Elapsed.TotalSeconds:F0} inputs/s (FsCheck generation included); " +
            $"dropped {counted - v3.Instance.GetStatistics().AdvertisementsReceived - v2.Instance.GetStatistics().AdvertisementsReceived}, accepted {v3.Instance.GetStatistics().AdvertisementsReceived + v2.Instance.GetStatistics().AdvertisementsReceived}");
        // Every delivery ends as a counted drop or an accepted advert (FsCheck may shrink-replay a few on failure only).
        Assert.Equal(delivered, counted);
    }
}
