using LvsDirector.Common.Scripts;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Scripts;

/// <summary>A program and its arguments (argv, no shell), its timeout and optionally the user and group to run as.</summary>
internal sealed record ScriptInvocation(EquatableList<string> Arguments, TimeSpan Timeout, string? User = null, string? Group = null)
{
    /// <summary>
    /// <paramref name="arguments"/> run as <paramref name="user"/>, or where that is null as keepalived runs a script
    /// nobody named a user for: as <c>keepalived_script</c> if that user exists, else as the director's own user.
    /// </summary>
    public static ScriptInvocation As(EquatableList<string> arguments, TimeSpan timeout, ScriptUser? user)
    {
        var effective = user ?? (DefaultScriptUser.Resolve(null) is { } name ? new ScriptUser(name) : null);
        return new ScriptInvocation(arguments, timeout, effective?.User, effective?.Group);
    }
}
