namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>vrrp_script</c>: a command run every <see cref="Interval"/>; exit status 0 = OK.</summary>
public sealed record VrrpScriptOptions
{
    public required VrrpScriptCommand Command { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After this long the run counts as failed and its process group is killed; null = <see cref="Interval"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>-253..253: positive is added while OK, negative added while failed; 0 = FAULT while failed.</summary>
    public int Weight { get; init; }

    /// <summary><c>weight N reverse</c>: the adjustment applies in the other direction.</summary>
    public bool Reverse { get; init; }

    /// <summary>Consecutive successes needed to go from failed to OK.</summary>
    public int Rise { get; init; } = 1;

    /// <summary>Consecutive failures needed to go from OK to failed.</summary>
    public int Fall { get; init; } = 1;

    /// <summary>init_fail: start in the failed state.</summary>
    public bool InitFail { get; init; }

    public TimeSpan EffectiveTimeout => Timeout ?? Interval;
}
