using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Runtime;

/// <summary>One check as it stands: for status pages and metrics.</summary>
public sealed record CheckSnapshot(CheckKind Kind, string Target, bool Up, int FailedAttempts, string? LastReason, TimeSpan? LastLatency, long Probes);
