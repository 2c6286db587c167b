namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// A command run without a shell (keepalived splits the script line into argv), optionally as
/// another user and group; null user = the global <see cref="VrrpScriptingOptions.ScriptUser"/>.
/// </summary>
public sealed record VrrpScriptCommand
{
    /// <summary>argv: the program (absolute path or found in PATH) and its arguments.</summary>
    public required EquatableArray<string> Arguments { get; init; }

    public string? User { get; init; }

    public string? Group { get; init; }

    public override string ToString() => string.Join(' ', Arguments);
}
