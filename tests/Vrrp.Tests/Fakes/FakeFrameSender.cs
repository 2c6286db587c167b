using System.Net;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class FakeFrameSender(TimeProvider time) : IGratuitousFrameSender
{
    public List<(DateTimeOffset At, string Device, IPAddress Address)> Sent { get; } = new();

    public void Send(string device, IPAddress address) => Sent.Add((time.GetUtcNow(), device, address));
}
