namespace LvsDirector.Vrrp.Configuration;

/// <summary>global_defs script settings: who scripts run as and how long notify scripts may take.</summary>
public sealed record VrrpScriptingOptions
{
    /// <summary>script_user: the default user of scripts; null = keepalived_script if it exists, else root.</summary>
    public string? ScriptUser { get; init; }

    public string? ScriptGroup { get; init; }

    /// <summary>enable_script_security: never fall back to root for a script without a user.</summary>
    public bool EnableScriptSecurity { get; init; }

    /// <summary>How long a notify script may run before its process group is killed.</summary>
    public TimeSpan NotifyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>vrrp_notify_priority_changes: the default of every instance's notify_priority_changes.</summary>
    public bool NotifyPriorityChanges { get; init; }
}
