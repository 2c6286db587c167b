using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary><c>sorry_server IP [PORT]</c> (+ <c>sorry_server_inhibit</c>): installed while the service has no quorum.</summary>
public sealed record SorryServerOptions
{
    public required IPAddress Address { get; init; }
    public int Port { get; init; }

    /// <summary>Weight of the sorry server while active; default 1.</summary>
    public int Weight { get; init; } = 1;

    /// <summary><c>sorry_server_inhibit</c>: keep it in the table at weight 0 while inactive.</summary>
    public bool Inhibit { get; init; }

    public RealServerKey Key => new(Address, Port);
}
