namespace LvsDirector.Config;

/// <summary>How to load a configuration: the config-id for @ID lines, limits, and whether to check this machine.</summary>
internal sealed record ConfigLoadOptions
{
    /// <summary>The <c>-i/--config-id</c>; keepalived's default is the short host name.</summary>
    public string ConfigId { get; init; } = DefaultConfigId();

    public ConfigLimits Limits { get; init; } = ConfigLimits.Default;

    /// <summary>Check facts of this machine (interfaces, scripts) and report them as warnings.</summary>
    public bool CheckEnvironment { get; init; } = true;

    /// <summary>Validate the VRRP part against the VRRP library (false with -C: it will not run).</summary>
    public bool ValidateVrrp { get; init; } = true;

    /// <summary>Validate the LVS part against the IPVS and checker libraries (false with -P).</summary>
    public bool ValidateLvs { get; init; } = true;

    public static string DefaultConfigId()
    {
        var host = Environment.MachineName;
        var dot = host.IndexOf('.');
        return dot > 0 ? host[..dot] : host;
    }
}
