namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>vrrp_track_process</c>: how many processes of a name run.</summary>
public sealed record VrrpTrackProcessOptions
{
    /// <summary>The process name (/proc/PID/comm, or the command's path when <see cref="FullCommand"/>).</summary>
    public required string Process { get; init; }

    /// <summary>Parameters to match against the command line; empty = the name alone.</summary>
    public EquatableArray<string> Parameters { get; init; } = EquatableArray<string>.Empty;

    public ProcessParameterMatch ParameterMatch { get; init; } = ProcessParameterMatch.Exact;

    /// <summary>full_command: match argv[0] of /proc/PID/cmdline rather than comm.</summary>
    public bool FullCommand { get; init; }

    /// <summary>-254..254; 0 = FAULT while outside the quorum.</summary>
    public int Weight { get; init; }

    public bool Reverse { get; init; }

    /// <summary>Minimum number of matching processes for OK.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>Maximum number of matching processes for OK; null = unlimited.</summary>
    public int? QuorumMax { get; init; }

    /// <summary>fork_delay: how long the quorum must hold before the tracker turns OK.</summary>
    public TimeSpan ForkDelay { get; init; }

    /// <summary>terminate_delay: how long the quorum must be lost before the tracker turns failed.</summary>
    public TimeSpan TerminateDelay { get; init; }
}
