using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.StateMachine;

public class VrrpPacketDispatcherTests
{
    internal static byte[] Ipv4Datagram(VrrpAdvertisement advert, IPAddress source, byte ttl = 255, VrrpChecksumMode mode = VrrpChecksumMode.IncludePseudoHeader)
    {
        var payload = new byte[VrrpPacketCodec.MaxMessageLength];
        Assert.True(VrrpPacketCodec.TryEncode(advert, source, VrrpInstanceHarness.Group, mode, payload, out var n));
        var datagram = new byte[20 + n];
        datagram[0] = 0x45;
        datagram[2] = (byte)(datagram.Length >> 8);
        datagram[3] = (byte)datagram.Length;
        datagram[8] = ttl;
        datagram[9] = 112;
        source.GetAddressBytes().CopyTo(datagram, 12);
        VrrpInstanceHarness.Group.GetAddressBytes().CopyTo(datagram, 16);
        payload.AsSpan(0, n).CopyTo(datagram.AsSpan(20));
        return datagram;
    }

    private static (VrrpInstanceHarness, VrrpPacketDispatcher) Setup()
    {
        var h = new VrrpInstanceHarness();
        var dispatcher = new VrrpPacketDispatcher(h.Time, NullLogger.Instance);
        dispatcher.SetInstances([h.Instance]);
        return (h, dispatcher);
    }

    [Fact]
    public void OnIpv4Datagram_ValidHigherPriorityAdvert_ReachesInstance()
    {
        var (h, dispatcher) = Setup();
        h.StartAsMaster();
        dispatcher.OnIpv4Datagram("eth0", Ipv4Datagram(h.FromPeer(200).Advertisement, VrrpInstanceHarness.Peer));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(1, h.Instance.GetStatistics().ReceivedWithPseudoHeaderChecksum);
    }

    private static (VrrpInstanceHarness, VrrpPacketDispatcher) SetupWithAuthenticationHeader(string password)
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2) with
        {
            Authentication = new LvsDirector.Vrrp.Configuration.VrrpAuthenticationOptions { Type = VrrpAuthenticationType.IpAuthenticationHeader, Password = password },
        });
        var dispatcher = new VrrpPacketDispatcher(h.Time, NullLogger.Instance);
        dispatcher.SetInstances([h.Instance]);
        return (h, dispatcher);
    }

    // The peer's AH sequence number: above the 1 our instance sent when it became Master.
    private static byte[] AuthenticationHeaderDatagram(VrrpInstanceHarness h, int priority, string password, uint sequence = 100)
    {
        var buffer = new byte[VrrpAuthenticationHeader.MaxDatagramLength];
        Assert.True(VrrpAuthenticationHeader.TryEncode(h.FromPeer(priority).Advertisement, VrrpInstanceHarness.Peer, VrrpInstanceHarness.Group, VrrpAuthenticationHeader.Key(password), 1, sequence, false, buffer, out var n));
        return buffer[..n];
    }

    [Fact]
    public void OnIpv4Datagram_ReplayedAuthenticationHeader_DroppedAsAuthenticationMismatch()
    {
        var (h, dispatcher) = SetupWithAuthenticationHeader("secret");
        h.Instance.Start();
        var datagram = AuthenticationHeaderDatagram(h, 200, "secret", sequence: 7);

        dispatcher.OnIpv4Datagram("eth0", datagram);
        dispatcher.OnIpv4Datagram("eth0", datagram);
        dispatcher.OnIpv4Datagram("eth0", AuthenticationHeaderDatagram(h, 200, "secret", sequence: 6));
        dispatcher.OnIpv4Datagram("eth0", AuthenticationHeaderDatagram(h, 200, "secret", sequence: 8));

        var stats = h.Instance.GetStatistics();
        Assert.Equal(2, stats.AdvertisementsReceived);
        Assert.Equal(2, stats.Drops[VrrpDropReason.AuthenticationMismatch]);
        Assert.Equal(8u, h.Instance.AuthenticationSequenceNumber);
    }

    [Fact]
    public void OnIpv4Datagram_AuthenticationHeaderSpiNotTheSource_DroppedAsAuthenticationMismatch()
    {
        var (h, dispatcher) = SetupWithAuthenticationHeader("secret");
        h.Instance.Start();
        var datagram = AuthenticationHeaderDatagram(h, 200, "secret");
        // A valid ICV over an SPI that is not the sender's address (keepalived checks the SPI after the ICV).
        datagram[VrrpAuthenticationHeader.Ipv4HeaderLength + 7] ^= 1;
        var key = VrrpAuthenticationHeader.Key("secret");
        Assert.False(VrrpAuthenticationHeader.Verify(datagram, key, unicast: false));

        dispatcher.OnIpv4Datagram("eth0", datagram);

        Assert.Equal(1, h.Instance.GetStatistics().Drops[VrrpDropReason.AuthenticationMismatch]);
        Assert.Equal(0u, h.Instance.AuthenticationSequenceNumber);
    }

    [Fact]
    public void OnIpv4Datagram_AuthenticationHeaderWithRightKey_ReachesInstance()
    {
        var (h, dispatcher) = SetupWithAuthenticationHeader("secret");
        h.StartAsMaster();
        dispatcher.OnIpv4Datagram("eth0", AuthenticationHeaderDatagram(h, 200, "secret"));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void OnIpv4Datagram_AuthenticationHeaderWithWrongKey_DroppedAsAuthenticationMismatch()
    {
        var (h, dispatcher) = SetupWithAuthenticationHeader("secret");
        h.StartAsMaster();
        dispatcher.OnIpv4Datagram("eth0", AuthenticationHeaderDatagram(h, 200, "guessed"));
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1, h.Instance.GetStatistics().Drops[VrrpDropReason.AuthenticationMismatch]);
    }

    [Fact]
    public void OnIpv4Datagram_Rfc9568Checksum_AcceptedAndCountedByForm()
    {
        var (h, dispatcher) = Setup();
        h.StartAsMaster();
        dispatcher.OnIpv4Datagram("eth0", Ipv4Datagram(h.FromPeer(200).Advertisement, VrrpInstanceHarness.Peer, mode: VrrpChecksumMode.ExcludePseudoHeader));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(1, h.Instance.GetStatistics().ReceivedWithoutPseudoHeaderChecksum);
    }

    [Fact]
    public void OnIpv4Datagram_OtherInterface_CountedAsUnknownVrid()
    {
        var (h, dispatcher) = Setup();
        h.StartAsMaster();
        dispatcher.OnIpv4Datagram("eth1", Ipv4Datagram(h.FromPeer(200).Advertisement, VrrpInstanceHarness.Peer));
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1, dispatcher.Drops[VrrpDropReason.UnknownVirtualRouterId]);
    }

    [Fact]
    public void OnIpv4Datagram_CorruptedChecksum_CountedAsBadChecksum()
    {
        var (h, dispatcher) = Setup();
        h.StartAsMaster();
        var datagram = Ipv4Datagram(h.FromPeer(200).Advertisement, VrrpInstanceHarness.Peer);
        datagram[^1] ^= 0xFF;
        dispatcher.OnIpv4Datagram("eth0", datagram);
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1, dispatcher.Drops[VrrpDropReason.BadChecksum]);
    }

    [Fact]
    public void OnIpv4Datagram_TruncatedAndOversized_CountedSeparately()
    {
        var (h, dispatcher) = Setup();
        h.StartAsMaster();
        var datagram = Ipv4Datagram(h.FromPeer(200).Advertisement, VrrpInstanceHarness.Peer);
        dispatcher.OnIpv4Datagram("eth0", datagram[..10]);
        var longer = new byte[datagram.Length + 4];
        datagram.CopyTo(longer, 0);
        longer[3] += 4;
        dispatcher.OnIpv4Datagram("eth0", longer);
        Assert.Equal(1, dispatcher.Drops[VrrpDropReason.Truncated]);
        Assert.Equal(1, dispatcher.Drops[VrrpDropReason.Oversized]);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void OnIpv6Packet_Ipv4Instance_CountedAsUnknownVrid()
    {
        var (h, dispatcher) = Setup();
        var advert = VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetworkV6, 51, 200, 100, [IPAddress.Parse("2001:db8::100")]);
        var payload = new byte[64];
        var src = IPAddress.Parse("fe80::12");
        var dst = IPAddress.Parse("ff02::12");
        VrrpPacketCodec.TryEncode(advert, src, dst, VrrpChecksumMode.IncludePseudoHeader, payload, out var n);
        dispatcher.OnIpv6Packet("eth0", payload.AsSpan(0, n), src.GetAddressBytes(), dst.GetAddressBytes(), 255);
        Assert.Equal(1, dispatcher.Drops[VrrpDropReason.UnknownVirtualRouterId]);
    }

    /// <summary>Issue 3 §8: a flood of arbitrary bytes and of mutated valid adverts never causes a transition.</summary>
    [Fact]
    public void OnIpv4Datagram_FloodOfMalformedPackets_NoSpuriousTransition()
    {
        var (h, dispatcher) = Setup();
        h.StartAsMaster();
        var valid = Ipv4Datagram(h.FromPeer(200).Advertisement, VrrpInstanceHarness.Peer, ttl: 64);
        var mutations = Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Choose(0, 255)).ArrayOf();
        var garbage = Gen.Choose(0, 100).SelectMany(len => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), len));
        var gen = Gen.OneOf(
            garbage,
            mutations.Select(edits =>
            {
                var copy = (byte[])valid.Clone();
                foreach (var (at, value) in edits) if (at != 8) copy[at] = (byte)value; // keep the wrong TTL
                return copy;
            }));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(gen.ToArbitrary(), datagram =>
        {
            dispatcher.OnIpv4Datagram("eth0", datagram);
            return h.Instance.State == VrrpState.Master;
        }));
        Assert.Equal(1, h.Listener.Changes.Count(c => c.Current == VrrpState.Master));
    }
}
