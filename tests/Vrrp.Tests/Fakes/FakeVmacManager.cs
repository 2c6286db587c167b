using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Records which VMACs exist.</summary>
internal sealed class FakeVmacManager : IVmacManager
{
    public HashSet<string> Present { get; } = new();

    public List<string> Calls { get; } = new();

    public void Ensure(VrrpInstanceOptions options)
    {
        if (options.Vmac is null) return;
        Present.Add(options.AddressDevice);
        Calls.Add("ensure " + options.AddressDevice);
    }

    public void Release(VrrpInstanceOptions options)
    {
        if (options.Vmac is null) return;
        Present.Remove(options.AddressDevice);
        Calls.Add("release " + options.AddressDevice);
    }
}
