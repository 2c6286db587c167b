using System.Collections.Immutable;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>Every VRRP instance of the director, keyed by instance name. Value-equal.</summary>
public sealed record VrrpOptions
{
    public ImmutableSortedDictionary<string, VrrpInstanceOptions> Instances { get; init; } =
        ImmutableSortedDictionary<string, VrrpInstanceOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>static_ipaddress, static_routes, static_rules (keepalived's top level).</summary>
    public StaticNetworkOptions Static { get; init; } = new();

    /// <summary>vrrp_strict: strict RFC 3768/5798 compliance (see <see cref="VrrpStrictMode"/>).</summary>
    public bool Strict { get; init; }

    public bool Equals(VrrpOptions? other)
    {
        if (other is null) return false;
        if (!Static.Equals(other.Static) || Strict != other.Strict) return false;
        if (Instances.Count != other.Instances.Count) return false;
        foreach (var (name, instance) in Instances)
        {
            if (!other.Instances.TryGetValue(name, out var theirs) || !instance.Equals(theirs)) return false;
        }
        return true;
    }

    public override int GetHashCode() => Instances.Count;
}
