using System.Net;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class FakeAcceptFilter : IAcceptFilter
{
    public List<IReadOnlyCollection<IPAddress>> Applied { get; } = new();

    public void Apply(IReadOnlyCollection<IPAddress> addresses) => Applied.Add(addresses.ToList());
}
