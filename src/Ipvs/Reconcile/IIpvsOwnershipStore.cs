using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>Persists the set of services we manage across restarts (docs/ipvs-ownership.md).</summary>
internal interface IIpvsOwnershipStore
{
    /// <summary>Where the set lives, for log lines ("memory" or a path).</summary>
    string Location { get; }

    /// <summary>The remembered set; empty if there is none. Throws <see cref="IOException"/> or <see cref="InvalidDataException"/> on a bad file.</summary>
    IReadOnlySet<IpvsServiceKey> Load();

    void Save(IReadOnlySet<IpvsServiceKey> owned);
}
