using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Reports the tracked static entries whose text (e.g. "static address 192.0.2.5/24 dev eth0") is in <see cref="Deleted"/> as missing.</summary>
internal sealed class FakeStaticEntryProbe : IStaticEntryProbe
{
    public HashSet<string> Deleted { get; } = new();

    public int Checks { get; private set; }

    public IReadOnlyList<MissingStaticEntry> FindMissing(StaticNetworkOptions statics)
    {
        Checks++;
        return statics.Addresses.Where(a => a.TrackGroup is not null).Select(a => new MissingStaticEntry(a.TrackGroup!, $"static address {a}"))
            .Concat(statics.Routes.Where(r => r.TrackGroup is not null).Select(r => new MissingStaticEntry(r.TrackGroup!, $"static route {r}")))
            .Concat(statics.Rules.Where(r => r.TrackGroup is not null).Select(r => new MissingStaticEntry(r.TrackGroup!, $"static rule {r}")))
            .Where(m => Deleted.Contains(m.Entry))
            .ToList();
    }
}
