using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Holds the routes and rules "in the kernel" and logs every change, like the kernel would refuse duplicates.</summary>
internal sealed class FakeRouteManager : IVirtualRouteManager
{
    public HashSet<string> Present { get; } = new();

    public List<string> Calls { get; } = new();

    public void Add(string owner, IReadOnlyList<VirtualRouteOptions> routes, IReadOnlyList<VirtualRuleOptions> rules)
    {
        foreach (var r in routes) if (Present.Add("route " + r)) Calls.Add($"{owner} add route {r}");
        foreach (var r in rules) if (Present.Add("rule " + r)) Calls.Add($"{owner} add rule {r}");
    }

    public void Remove(string owner, IReadOnlyList<VirtualRouteOptions> routes, IReadOnlyList<VirtualRuleOptions> rules)
    {
        foreach (var r in rules) if (Present.Remove("rule " + r)) Calls.Add($"{owner} remove rule {r}");
        foreach (var r in routes) if (Present.Remove("route " + r)) Calls.Add($"{owner} remove route {r}");
    }
}
