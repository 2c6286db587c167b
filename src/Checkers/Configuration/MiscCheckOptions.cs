namespace LvsDirector.Checkers.Configuration;

/// <summary><c>MISC_CHECK</c>: an external program; exit 0 passes.</summary>
public sealed record MiscCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.Misc;

    /// <summary><c>misc_path "PATH ARGS"</c>, already split into argv (the Director splits the quoted string).</summary>
    public EquatableList<string> Command { get; init; } = EquatableList<string>.Empty;

    /// <summary><c>misc_timeout</c>: the process group is killed after this; default delay_loop.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><c>misc_dynamic</c>: exit 1 fails, 2..255 passes and sets the weight to code - 2.</summary>
    public bool Dynamic { get; init; }

    /// <summary><c>user USER</c>: run as this user (via setpriv); default the director's user.</summary>
    public string? User { get; init; }

    /// <summary><c>user USER GROUP</c>: run with this group.</summary>
    public string? Group { get; init; }
}
