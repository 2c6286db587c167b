namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// One entry of the <see cref="CheckScheduler"/> heap: start <see cref="Check"/>'s next probe, or fail its running
/// probe at the deadline. <see cref="Version"/> says which arming (start) or which probe (deadline) it belongs to,
/// so an entry made stale by a reload or an early completion is recognised and skipped when it falls due.
/// </summary>
internal readonly record struct SchedulerEntry(ScheduledCheck Check, long Version, SchedulerEntryKind Kind);
