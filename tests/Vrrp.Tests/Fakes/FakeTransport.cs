using System.Net;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Records every advert an instance sends, with the time it was sent.</summary>
internal sealed class FakeTransport(TimeProvider time, IPAddress? primary) : IVrrpTransport
{
    public List<(DateTimeOffset At, VrrpAdvertisement Advert)> Sent { get; } = new();

    public IPAddress? PrimaryAddress { get; set; } = primary;

    public bool Fail { get; set; }

    public bool Send(VrrpAdvertisement advertisement)
    {
        if (Fail) return false;
        Sent.Add((time.GetUtcNow(), advertisement));
        return true;
    }
}
