using System.Net;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.GenHash;

/// <summary>genhash(1) options: <c>-s server -p port -u url -S -V vhost -P protocol -t timeout -v</c>.</summary>
public sealed record GenHashOptions
{
    /// <summary><c>-s</c>: the server address.</summary>
    public required IPAddress Server { get; init; }

    /// <summary><c>-p</c>: the port; default 80, or 443 with <see cref="Ssl"/>.</summary>
    public int? Port { get; init; }

    /// <summary><c>-u</c>: the URL path; default <c>/</c>.</summary>
    public string Url { get; init; } = "/";

    /// <summary><c>-S</c>: use TLS.</summary>
    public bool Ssl { get; init; }

    /// <summary><c>-V</c>: the Host header (and the SNI name with <see cref="Sni"/>).</summary>
    public string? VirtualHost { get; init; }

    /// <summary><c>-I</c>: send SNI (the virtual host, or <see cref="SniName"/>).</summary>
    public bool Sni { get; init; }

    /// <summary>An explicit SNI name.</summary>
    public string? SniName { get; init; }

    /// <summary><c>-P</c>: 1.0, 1.0C or 1.1.</summary>
    public HttpProtocolVersion Protocol { get; init; } = HttpProtocolVersion.Http10;

    /// <summary><c>-t</c>: connect and per-read timeout; default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>-v</c>: print the header and body buffers, not only the digest.</summary>
    public bool Verbose { get; init; }

    /// <summary>The firewall mark (SO_MARK) of the connection, as a check's <c>fwmark</c>; none when null.</summary>
    public uint? FirewallMark { get; init; }
}
