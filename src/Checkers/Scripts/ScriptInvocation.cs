using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Scripts;

/// <summary>A program and its arguments (argv, no shell), its timeout and optionally the user and group to run as.</summary>
internal sealed record ScriptInvocation(EquatableList<string> Arguments, TimeSpan Timeout, string? User = null, string? Group = null);
