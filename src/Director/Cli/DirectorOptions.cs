namespace LvsDirector.Cli;

/// <summary>The parsed command line, in keepalived's terms (keepalived(8)).</summary>
internal sealed record DirectorOptions
{
    public const string DefaultConfigFile = "/etc/keepalived/keepalived.conf";

    public string ConfigFile { get; init; } = DefaultConfigFile;
    public bool ConfigFileGiven { get; init; }
    public string? ConfigId { get; init; }
    public bool ConfigTest { get; init; }
    public string? DumpConf { get; init; }
    public bool VrrpOnly { get; init; }
    public bool CheckOnly { get; init; }
    public bool DontFork { get; init; }
    public bool LogConsole { get; init; }
    public bool LogDetail { get; init; }
    public string? PidFile { get; init; }
    public string? VrrpPidFile { get; init; }
    public string? CheckersPidFile { get; init; }
    public bool DontReleaseVrrp { get; init; }
    public bool DontReleaseIpvs { get; init; }
    public bool AllConfig { get; init; }
    public bool Genhash { get; init; }
    public bool Help { get; init; }
    public bool Version { get; init; }
    public string? Signum { get; init; }

    /// <summary>Options keepalived has and lvs-director accepts without acting on them (reported once at start).</summary>
    public IReadOnlyList<string> AcceptedButIgnored { get; init; } = [];
}
