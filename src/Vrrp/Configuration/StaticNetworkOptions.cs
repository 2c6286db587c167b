namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// <c>static_ipaddress</c>, <c>static_routes</c>, <c>static_rules</c>: configured at start whatever the
/// VRRP state and kept through every transition; a reload adds what is new and removes what was dropped;
/// stopping removes them (keepalived's stop_vrrp does the same).
/// </summary>
public sealed record StaticNetworkOptions
{
    public EquatableArray<VirtualAddressOptions> Addresses { get; init; } = EquatableArray<VirtualAddressOptions>.Empty;

    public EquatableArray<VirtualRouteOptions> Routes { get; init; } = EquatableArray<VirtualRouteOptions>.Empty;

    public EquatableArray<VirtualRuleOptions> Rules { get; init; } = EquatableArray<VirtualRuleOptions>.Empty;

    public bool IsEmpty => Addresses.Count + Routes.Count + Rules.Count == 0;
}
