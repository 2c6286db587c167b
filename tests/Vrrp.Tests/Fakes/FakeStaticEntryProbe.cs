using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Reports the static entries whose text (e.g. "address 192.0.2.5/24 dev eth0", "route 203.0.113.0/24 dev eth1") is in <see cref="Deleted"/> as missing.</summary>
internal sealed class FakeStaticEntryProbe : IStaticEntryProbe
{
    public HashSet<string> Deleted { get; } = new();

    public int Checks { get; private set; }

    public StaticNetworkOptions FindMissing(StaticNetworkOptions statics)
    {
        Checks++;
        lock (Deleted)
        {
            return new StaticNetworkOptions
            {
                Addresses = new(statics.Addresses.Where(a => Deleted.Contains($"address {a}"))),
                Routes = new(statics.Routes.Where(r => Deleted.Contains($"route {r}"))),
                Rules = new(statics.Rules.Where(r => Deleted.Contains($"rule {r}"))),
            };
        }
    }
}
