using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Holds the addresses "on the interface", like the kernel would, and logs every call.</summary>
internal sealed class FakeAddressManager : IVirtualAddressManager
{
    public HashSet<string> Present { get; } = new();

    public List<string> Calls { get; } = new();

    public void Add(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice)
    {
        foreach (var a in addresses)
        {
            Present.Add($"{a.Address}/{a.EffectivePrefixLength} dev {a.Device ?? defaultDevice}");
            Calls.Add($"add {a.Address}");
        }
    }

    public void Remove(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice)
    {
        foreach (var a in addresses)
        {
            if (Present.Remove($"{a.Address}/{a.EffectivePrefixLength} dev {a.Device ?? defaultDevice}"))
                Calls.Add($"remove {a.Address}");
        }
    }
}
