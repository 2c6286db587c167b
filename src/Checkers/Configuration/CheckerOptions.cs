namespace LvsDirector.Checkers.Configuration;

/// <summary>Everything the checkers library runs: all checked services, keyed by <see cref="CheckedServiceOptions.Name"/>.</summary>
public sealed record CheckerOptions
{
    public EquatableList<CheckedServiceOptions> Services { get; init; } = EquatableList<CheckedServiceOptions>.Empty;

    /// <summary>Timeout of notify_up/notify_down/quorum_up/quorum_down scripts (keepalived's script timeout); default 30 s.</summary>
    public TimeSpan NotifyScriptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Global <c>script_user</c>: the user of every script (MISC_CHECK, notify and quorum scripts) that names none of
    /// its own. Null = keepalived's default: <c>keepalived_script</c> if that user exists, else the director's own user.
    /// </summary>
    public ScriptUser? ScriptUser { get; init; }

    /// <summary>Global <c>checker_log_all_failures</c>; a check's own setting wins.</summary>
    public bool LogAllFailures { get; init; }
}
