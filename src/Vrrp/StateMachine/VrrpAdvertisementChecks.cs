using System.Net;
using System.Text;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// The receive checks of RFC 5798 §7.1 (and RFC 3768 §7.1 for v2) that need the instance's
/// configuration; the codec has already checked length, version nibble, type and checksum.
/// </summary>
internal static class VrrpAdvertisementChecks
{
    /// <summary>
    /// The checks keepalived makes before an AH's sequence number is audited (vrrp_check_packet): TTL,
    /// version, VRID, authentication. null when the advert passes them; otherwise why it must be dropped.
    /// The instance then audits the AH sequence number and runs <see cref="CheckContent"/>.
    /// </summary>
    public static VrrpDropReason? CheckSender(in ReceivedAdvertisement received, VrrpInstanceOptions options, ReadOnlySpan<byte> password)
    {
        var advert = received.Advertisement;

        // §7.1: the TTL / hop limit MUST be 255 (multicast). Unicast is keepalived's extension, and keepalived
        // checks a unicast advert's TTL only against a peer's min_ttl/max_ttl: its IPv6 unicast adverts leave
        // with the route's hop limit (64), not 255, so a 255-only check would never hear it.
        var peer = FindPeer(options, received.Source);
        if (options.IsUnicast && peer is null)
            return VrrpDropReason.UnexpectedSource;
        if (peer is { MinTtl: not null } or { MaxTtl: not null })
        {
            if (received.TimeToLive < (peer.MinTtl ?? 0) || received.TimeToLive > (peer.MaxTtl ?? 255))
                return VrrpDropReason.WrongTtl;
        }
        else if (!options.IsUnicast && received.TimeToLive != VrrpPacketCodec.RequiredTtl)
        {
            return VrrpDropReason.WrongTtl;
        }

        if (advert.Version != options.Version)
            return VrrpDropReason.VersionMismatch;
        if (advert.AddressFamily != options.EffectiveFamily)
            return VrrpDropReason.AddressFamilyMismatch;
        if (advert.VirtualRouterId != options.VirtualRouterId)
            return VrrpDropReason.UnknownVirtualRouterId;

        if (advert.Version == VrrpVersion.V2)
        {
            // RFC 2338 §7.1 (kept by keepalived): the auth type and data must match the configured ones.
            var expected = options.Authentication?.Type ?? VrrpAuthenticationType.None;
            if (advert.AuthenticationType != expected)
                return VrrpDropReason.AuthenticationMismatch;
            if (expected == VrrpAuthenticationType.SimplePassword && !advert.AuthenticationData.AsSpan().SequenceEqual(password))
                return VrrpDropReason.AuthenticationMismatch;
            if (expected == VrrpAuthenticationType.IpAuthenticationHeader && !received.HadAuthenticationHeader)
                return VrrpDropReason.AuthenticationMismatch;
        }
        return null;
    }

    /// <summary>The checks after the AH audit: the v2 advert interval and the address list. null when they pass.</summary>
    public static VrrpDropReason? CheckContent(in ReceivedAdvertisement received, VrrpInstanceOptions options)
    {
        var advert = received.Advertisement;
        if (advert.Version == VrrpVersion.V2)
        {
            // RFC 3768 §7.1: the Adver Interval MUST match the locally configured one.
            if (advert.AdvertisementInterval != (int)options.AdvertisementInterval.TotalSeconds)
                return VrrpDropReason.IntervalMismatch;
        }

        // §7.1: the address list MAY be verified; keepalived drops on mismatch, and so do we,
        // except from the address owner whose list is authoritative.
        if (advert.Priority != 255 && !SameAddresses(advert, options))
            return VrrpDropReason.AddressListMismatch;
        return null;
    }

    /// <summary>The 8-octet authentication data keepalived sends for a password (truncated, NUL-padded).</summary>
    public static byte[] PasswordBytes(VrrpInstanceOptions options)
    {
        var data = new byte[VrrpPacketCodec.V2AuthenticationDataLength];
        if (options.Authentication is { Type: VrrpAuthenticationType.SimplePassword } auth)
        {
            var bytes = Encoding.UTF8.GetBytes(auth.Password);
            bytes.AsSpan(0, Math.Min(bytes.Length, data.Length)).CopyTo(data);
        }
        return data;
    }

    private static VrrpUnicastPeerOptions? FindPeer(VrrpInstanceOptions options, IPAddress source)
    {
        foreach (var peer in options.UnicastPeers)
            if (peer.Address.Equals(source)) return peer;
        return null;
    }

    private static bool SameAddresses(VrrpAdvertisement advert, VrrpInstanceOptions options)
    {
        if (advert.Addresses.Length != options.VirtualAddresses.Count) return false;
        foreach (var vip in options.VirtualAddresses)
            if (!advert.Addresses.Contains(vip.Address)) return false;
        return true;
    }
}
