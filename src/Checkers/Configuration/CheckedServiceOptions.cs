using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary>The checker-relevant part of one <c>virtual_server</c>: its real servers, quorum and sorry server.</summary>
public sealed record CheckedServiceOptions
{
    /// <summary>A stable name chosen by the Director (e.g. <c>192.0.2.10:tcp:80</c> or <c>fwmark:5</c>); the reload key.</summary>
    public required string Name { get; init; }

    /// <summary><c>quorum</c>: minimum total weight of live real servers; default 1.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary><c>hysteresis</c>: quorum is gained at quorum + hysteresis and lost below quorum - hysteresis.</summary>
    public int Hysteresis { get; init; }

    /// <summary><c>quorum_up</c>: argv run when quorum is gained.</summary>
    public EquatableList<string> QuorumUp { get; init; } = EquatableList<string>.Empty;

    /// <summary><c>quorum_down</c>: argv run when quorum is lost.</summary>
    public EquatableList<string> QuorumDown { get; init; } = EquatableList<string>.Empty;

    /// <summary>The user of quorum_up; null = <see cref="CheckerOptions.ScriptUser"/>.</summary>
    public ScriptUser? QuorumUpUser { get; init; }

    /// <summary>The user of quorum_down; null = <see cref="CheckerOptions.ScriptUser"/>.</summary>
    public ScriptUser? QuorumDownUser { get; init; }

    /// <summary><c>sorry_server</c>.</summary>
    public SorryServerOptions? SorryServer { get; init; }

    /// <summary><c>alpha</c>: real servers start down until their checks pass.</summary>
    public bool Alpha { get; init; }

    /// <summary><c>omega</c>: run quorum_down and notify_down scripts when the service stops (shutdown or removal).</summary>
    public bool Omega { get; init; }

    /// <summary><c>inhibit_on_failure</c> default for the real servers.</summary>
    public bool InhibitOnFailure { get; init; }

    /// <summary>Service-level checker defaults; null means the checker type's default.</summary>
    public TimeSpan? ConnectTimeout { get; init; }
    public int? Retry { get; init; }
    public TimeSpan? DelayBeforeRetry { get; init; }
    public TimeSpan? Warmup { get; init; }
    public TimeSpan? DelayLoop { get; init; }

    /// <summary><c>virtualhost</c> default for HTTP/SSL checks.</summary>
    public string? VirtualHost { get; init; }

    /// <summary>
    /// <c>ha_suspend</c>: the service's checks probe only while one of these addresses is local (see
    /// <see cref="Runtime.CheckerService.SetLocalAddresses"/>); while none is, they are suspended and the real servers keep
    /// their state. Non-empty, the service starts suspended until an address is reported local. Empty: never suspended.
    /// </summary>
    public EquatableList<IPAddress> SuspendUnlessLocal { get; init; } = EquatableList<IPAddress>.Empty;

    public EquatableList<RealServerOptions> RealServers { get; init; } = EquatableList<RealServerOptions>.Empty;
}
