using System.Net;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>unicast_peer</c> entry: IP [min_ttl N] [max_ttl N].</summary>
public sealed record VrrpUnicastPeerOptions
{
    public required IPAddress Address { get; init; }

    /// <summary>Lowest TTL / hop limit accepted from this peer; with <see cref="MaxTtl"/> it replaces the fixed 255 check (routed unicast).</summary>
    public int? MinTtl { get; init; }

    public int? MaxTtl { get; init; }
}
