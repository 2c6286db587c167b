namespace LvsDirector.Vrrp.Configuration;

/// <summary>vrrp_track_process param_match: how the configured parameters are compared with a command line.</summary>
public enum ProcessParameterMatch
{
    /// <summary>All parameters, exactly.</summary>
    Exact,

    /// <summary>The configured parameters are the first ones of the command line.</summary>
    Initial,

    /// <summary>As <see cref="Initial"/>, and the last configured one may be a prefix of its counterpart.</summary>
    Partial,
}
