namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// <c>use_vmac [NAME]</c>: a macvlan (private mode) on the instance's interface carrying the virtual MAC
/// 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6) (RFC 5798 §7.3); the VIPs live on it.
/// </summary>
public sealed record VmacOptions
{
    /// <summary>The macvlan's name; null = <c>vrrp.VRID</c> (keepalived's default prefix).</summary>
    public string? Name { get; init; }

    /// <summary><c>vmac_xmit_base</c>: adverts go out of the base interface (its MAC), not the macvlan.</summary>
    public bool TransmitOnBase { get; init; }

    public string EffectiveName(int virtualRouterId) => Name ?? $"vrrp.{virtualRouterId}";
}
