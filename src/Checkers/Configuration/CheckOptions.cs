using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// Keywords common to every checker (keepalived.conf(5) "checker common options"). A null value means
/// "inherit": from the real server, then the virtual server, then the checker type's default
/// (<see cref="CheckDefaults"/>).
/// </summary>
public abstract record CheckOptions
{
    /// <summary>The checker type.</summary>
    public abstract CheckKind Kind { get; }

    /// <summary><c>connect_ip</c>: target address; default the real server's address.</summary>
    public IPAddress? ConnectIp { get; init; }

    /// <summary><c>connect_port</c>: target port; default the real server's port.</summary>
    public int? ConnectPort { get; init; }

    /// <summary><c>bindto</c>: source address of the check socket.</summary>
    public IPAddress? BindTo { get; init; }

    /// <summary><c>bind_if</c>: interface the socket is bound to (SO_BINDTODEVICE; scope of a link-local bindto).</summary>
    public string? BindInterface { get; init; }

    /// <summary><c>bind_port</c>: source port.</summary>
    public int? BindPort { get; init; }

    /// <summary><c>fwmark</c>: SO_MARK set on the check socket.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary><c>connect_timeout</c>: bound on the connect and on each exchange. Default 5 s.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary><c>retry</c>: extra attempts before the check is declared failed. Default 1 (DNS 3, MISC 0).</summary>
    public int? Retry { get; init; }

    /// <summary><c>delay_before_retry</c>: gap between attempts. Default 1 s (HTTP/SSL 3 s, DNS delay_loop).</summary>
    public TimeSpan? DelayBeforeRetry { get; init; }

    /// <summary><c>warmup</c>: the first probe starts after a random delay of at most this. Default delay_loop; zero disables it.</summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary><c>delay_loop</c>: interval between probes, measured from the end of the previous one. Default 60 s.</summary>
    public TimeSpan? DelayLoop { get; init; }

    /// <summary><c>alpha</c>: the check starts failed and must pass once before the real server counts as up.</summary>
    public bool? Alpha { get; init; }

    /// <summary><c>log_all_failures</c>: log every failed attempt, not only state changes.</summary>
    public bool? LogAllFailures { get; init; }

    /// <summary>
    /// Extension (<c>check_deadline</c>): the total time one probe may take, whatever the server does
    /// (a server dripping its reply fails here). Default: <see cref="CheckDefaults.Deadline"/>.
    /// </summary>
    public TimeSpan? Deadline { get; init; }
}
