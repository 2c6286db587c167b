namespace LvsDirector.Checkers.Scripts;

/// <summary>How a script ended: its exit code, or timed out (and killed), or could not start (<see cref="Error"/>).</summary>
internal sealed record ScriptResult(int? ExitCode, bool TimedOut, string? Error, TimeSpan Elapsed);
