using System.Net;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>Records every advert an instance sends, with the time it was sent.</summary>
internal sealed class FakeTransport(TimeProvider time, IPAddress? primary) : IVrrpTransport
{
    public List<(DateTimeOffset At, VrrpAdvertisement Advert)> Sent { get; } = new();

    /// <summary>The AH sequence number given with each advert of <see cref="Sent"/> (0 without auth_type AH).</summary>
    public List<uint> Sequences { get; } = new();

    public IPAddress? PrimaryAddress { get; set; } = primary;

    public bool Fail { get; set; }

    /// <summary>How many times the instance asked the transport to get ready.</summary>
    public int Prepared { get; private set; }

    /// <summary>Runs inside <see cref="Send"/>: a test can make sending take time (advance its clock).</summary>
    public Action? OnSend { get; set; }

    public void Prepare() => Prepared++;

    public bool Send(VrrpAdvertisement advertisement, uint authenticationSequence)
    {
        if (Fail) return false;
        Sent.Add((time.GetUtcNow(), advertisement));
        Sequences.Add(authenticationSequence);
        OnSend?.Invoke();
        return true;
    }
}
