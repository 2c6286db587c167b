using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary>A <c>real_server IP [PORT] { }</c> block: what is checked and how its health maps to IPVS.</summary>
public sealed record RealServerOptions
{
    public required IPAddress Address { get; init; }

    /// <summary>The port; 0 when the service is an fwmark service without one.</summary>
    public int Port { get; init; }

    /// <summary><c>weight</c>: the IPVS weight when up; default 1.</summary>
    public int Weight { get; init; } = 1;

    /// <summary><c>inhibit_on_failure</c>: keep the server at weight 0 when down instead of removing it. Null inherits the service's.</summary>
    public bool? InhibitOnFailure { get; init; }

    /// <summary><c>notify_up</c>: argv run when the server goes up.</summary>
    public EquatableList<string> NotifyUp { get; init; } = EquatableList<string>.Empty;

    /// <summary><c>notify_down</c>: argv run when the server goes down.</summary>
    public EquatableList<string> NotifyDown { get; init; } = EquatableList<string>.Empty;

    /// <summary>The user of notify_up (<c>notify_up SCRIPT [user [group]]</c>); null = <see cref="CheckerOptions.ScriptUser"/>.</summary>
    public ScriptUser? NotifyUpUser { get; init; }

    /// <summary>The user of notify_down; null = <see cref="CheckerOptions.ScriptUser"/>.</summary>
    public ScriptUser? NotifyDownUser { get; init; }

    /// <summary><c>alpha</c>: start down until every check passes. Null inherits the service's.</summary>
    public bool? Alpha { get; init; }

    /// <summary>Per-real-server defaults for its checks (<c>connect_timeout</c> …); null inherits the service's.</summary>
    public TimeSpan? ConnectTimeout { get; init; }
    public int? Retry { get; init; }
    public TimeSpan? DelayBeforeRetry { get; init; }
    public TimeSpan? Warmup { get; init; }
    public TimeSpan? DelayLoop { get; init; }

    /// <summary><c>virtualhost</c> default for HTTP/SSL checks of this server.</summary>
    public string? VirtualHost { get; init; }

    /// <summary>Extension (<c>slow_start</c>): ramp the weight of a returning server from 1 to <see cref="Weight"/> over this period.</summary>
    public TimeSpan SlowStart { get; init; }

    /// <summary>The checker blocks; all must pass. None: always up.</summary>
    public EquatableList<CheckOptions> Checks { get; init; } = EquatableList<CheckOptions>.Empty;

    public RealServerKey Key => new(Address, Port);
}
