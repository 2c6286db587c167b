using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>virtual_ipaddress</c> (or <c>virtual_ipaddress_excluded</c>) entry: ADDR[/PREFIX] [dev DEV] [label L] [scope S] [brd B].</summary>
public sealed record VirtualAddressOptions
{
    public required IPAddress Address { get; init; }

    /// <summary>Prefix length; null = /32 or /128 (keepalived's default).</summary>
    public int? PrefixLength { get; init; }

    /// <summary>The device to put the address on; null = the instance's interface.</summary>
    public string? Device { get; init; }

    /// <summary>IPv4 address label (IFA_LABEL), e.g. "eth0:vip".</summary>
    public string? Label { get; init; }

    public VirtualAddressScope? Scope { get; init; }

    /// <summary>IPv4 broadcast address (IFA_BROADCAST).</summary>
    public IPAddress? Broadcast { get; init; }

    /// <summary>
    /// <c>track_group G</c> (static_ipaddress only): G's instances track this address's device as an unweighted
    /// track_interface (FAULT while it is down or gone).
    /// </summary>
    public string? TrackGroup { get; init; }

    /// <summary>
    /// <c>no_track</c>: a static address deleted by hand is not put back (and track_group ignores it); a VIP deleted
    /// by hand does not send the Master to BACKUP.
    /// </summary>
    public bool NoTrack { get; init; }

    public int EffectivePrefixLength => PrefixLength ?? (Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);

    public override string ToString() => $"{Address}/{EffectivePrefixLength}" + (Device is null ? "" : $" dev {Device}");
}
