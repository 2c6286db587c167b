using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>RFC 5798 §7.1 receive checks: each bad advert is dropped, counted per reason, and changes nothing.</summary>
public class VrrpAdvertisementChecksTests
{
    private static VrrpInstanceHarness MasterWith(VrrpInstanceOptions? options = null)
    {
        var h = new VrrpInstanceHarness(options);
        h.StartAsMaster();
        return h;
    }

    private static void AssertDroppedWithoutEffect(VrrpInstanceHarness h, ReceivedAdvertisement received, VrrpDropReason reason)
    {
        var sent = h.Transport.Sent.Count;
        h.Instance.OnAdvertisement(received);
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(sent, h.Transport.Sent.Count);
        var stats = h.Instance.GetStatistics();
        Assert.Equal(1, stats.Drops[reason]);
        Assert.Equal(0, stats.AdvertisementsReceived);
    }

    [Fact]
    public void OnAdvertisement_TtlNot255_DroppedAsWrongTtl()
    {
        var h = MasterWith();
        AssertDroppedWithoutEffect(h, h.FromPeer(200, ttl: 254), VrrpDropReason.WrongTtl);
    }

    [Fact]
    public void OnAdvertisement_V2AdvertToV3Instance_DroppedAsVersionMismatch()
    {
        var h = MasterWith();
        AssertDroppedWithoutEffect(h, h.FromPeer(200, edit: a => VrrpAdvertisement.CreateV2(51, 200, 1, a.Addresses)), VrrpDropReason.VersionMismatch);
    }

    [Fact]
    public void OnAdvertisement_OtherVrid_DroppedAsUnknownVirtualRouterId()
    {
        var h = MasterWith();
        AssertDroppedWithoutEffect(h, h.FromPeer(200, edit: a => a with { VirtualRouterId = 52 }), VrrpDropReason.UnknownVirtualRouterId);
    }

    [Fact]
    public void OnAdvertisement_DifferentAddressList_DroppedAsAddressListMismatch()
    {
        var h = MasterWith();
        AssertDroppedWithoutEffect(h, h.FromPeer(200, edit: a => a with { Addresses = [IPAddress.Parse("192.0.2.99")] }), VrrpDropReason.AddressListMismatch);
    }

    [Fact]
    public void OnAdvertisement_AddressOwnerWithDifferentList_Accepted()
    {
        var h = MasterWith();
        h.Instance.OnAdvertisement(h.FromPeer(255, edit: a => a with { Addresses = [IPAddress.Parse("192.0.2.99")] }));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void OnAdvertisement_WrongPassword_DroppedAsAuthenticationMismatch()
    {
        var options = VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2) with { Authentication = new VrrpAuthenticationOptions { Password = "secret" } };
        var h = MasterWith(options);
        AssertDroppedWithoutEffect(h, h.FromPeer(200, edit: a => a with { AuthenticationData = [.. "wrong\0\0\0"u8.ToArray()] }), VrrpDropReason.AuthenticationMismatch);
    }

    [Fact]
    public void OnAdvertisement_NoAuthenticationWhenPasswordConfigured_Dropped()
    {
        var options = VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2) with { Authentication = new VrrpAuthenticationOptions { Password = "secret" } };
        var h = MasterWith(options);
        AssertDroppedWithoutEffect(h, h.FromPeer(200, edit: a => a with { AuthenticationType = VrrpAuthenticationType.None, AuthenticationData = [.. new byte[8]] }), VrrpDropReason.AuthenticationMismatch);
    }

    [Fact]
    public void OnAdvertisement_V2IntervalDiffers_DroppedAsIntervalMismatch()
    {
        var h = MasterWith(VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2));
        AssertDroppedWithoutEffect(h, h.FromPeer(200, interval: 2), VrrpDropReason.IntervalMismatch);
    }

    [Fact]
    public void OnAdvertisement_UnicastFromUnknownSource_DroppedAsUnexpectedSource()
    {
        var options = VrrpInstanceHarness.DefaultOptions() with { UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.13") } } };
        var h = MasterWith(options);
        AssertDroppedWithoutEffect(h, h.FromPeer(200), VrrpDropReason.UnexpectedSource);
    }

    [Fact]
    public void OnAdvertisement_UnicastPeerWithTtlRange_AcceptsRoutedTtl()
    {
        var options = VrrpInstanceHarness.DefaultOptions() with { UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = VrrpInstanceHarness.Peer, MinTtl = 250, MaxTtl = 255 } } };
        var h = MasterWith(options);
        h.Instance.OnAdvertisement(h.FromPeer(200, ttl: 253));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void OnAdvertisement_UnicastPeerWithoutTtlRange_AnyTtlAccepted_AsKeepalived()
    {
        // keepalived's IPv6 unicast adverts carry the route's hop limit (64); it checks unicast TTLs only
        // against a peer's min_ttl/max_ttl.
        var options = VrrpInstanceHarness.DefaultOptions() with { UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = VrrpInstanceHarness.Peer } } };
        var h = MasterWith(options);
        h.Instance.OnAdvertisement(h.FromPeer(200, ttl: 64));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(0, h.Instance.GetStatistics().Drops.GetValueOrDefault(VrrpDropReason.WrongTtl));
    }

    [Fact]
    public void OnAdvertisement_UnicastPeerWithTtlRange_TtlOutsideDropped()
    {
        var options = VrrpInstanceHarness.DefaultOptions() with { UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = VrrpInstanceHarness.Peer, MinTtl = 250, MaxTtl = 255 } } };
        var h = MasterWith(options);
        AssertDroppedWithoutEffect(h, h.FromPeer(200, ttl: 64), VrrpDropReason.WrongTtl);
    }

    [Fact]
    public void OnAdvertisement_RepeatedDrops_CountedEveryTime()
    {
        var h = MasterWith();
        for (var i = 0; i < 1000; i++) h.Instance.OnAdvertisement(h.FromPeer(200, ttl: 1));
        Assert.Equal(1000, h.Instance.GetStatistics().Drops[VrrpDropReason.WrongTtl]);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }
}
