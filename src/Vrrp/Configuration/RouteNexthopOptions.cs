using System.Net;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>nexthop via GW [dev IF] [weight W] [onlink]</c> of a multipath route (struct rtnexthop).</summary>
public sealed record RouteNexthopOptions
{
    public IPAddress? Gateway { get; init; }

    public string? Device { get; init; }

    /// <summary>1-256 (the kernel stores weight - 1 in rtnh_hops).</summary>
    public int Weight { get; init; } = 1;

    public bool OnLink { get; init; }

    public override string ToString() =>
        "nexthop" + (Gateway is null ? "" : $" via {Gateway}") + (Device is null ? "" : $" dev {Device}") + $" weight {Weight}" + (OnLink ? " onlink" : "");
}
