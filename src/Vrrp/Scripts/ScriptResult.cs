namespace LvsDirector.Vrrp.Scripts;

/// <summary>How one script run ended: an exit status, a timeout (its group was killed) or a start failure.</summary>
internal readonly record struct ScriptResult(int? ExitCode, bool TimedOut, string? Error)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    public static ScriptResult Exited(int code) => new(code, false, null);

    public static ScriptResult Timeout => new(null, true, null);

    public static ScriptResult Failed(string error) => new(null, false, error);

    public override string ToString() =>
        TimedOut ? "timed out" : Error is not null ? $"could not start: {Error}" : $"exited with status {ExitCode}";
}
