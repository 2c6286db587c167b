using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>Ownership kept in memory only (no state file configured, and tests).</summary>
internal sealed class InMemoryOwnershipStore : IIpvsOwnershipStore
{
    private HashSet<IpvsServiceKey> _owned = new();

    public string Location => "memory";

    public IReadOnlySet<IpvsServiceKey> Load() => new HashSet<IpvsServiceKey>(_owned);

    public void Save(IReadOnlySet<IpvsServiceKey> owned) => _owned = new HashSet<IpvsServiceKey>(owned);
}
