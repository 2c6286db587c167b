using System.Net;

namespace LvsDirector.Checkers.Checks;

/// <summary>Where a socket-based probe connects to and how its socket is bound and marked.</summary>
internal sealed record CheckEndpoint(
    IPEndPoint Target,
    IPAddress? BindTo = null,
    string? BindInterface = null,
    int? BindPort = null,
    uint? FirewallMark = null)
{
    public override string ToString() => Target.ToString();
}
