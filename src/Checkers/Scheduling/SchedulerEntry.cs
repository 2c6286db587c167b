namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// One entry of the <see cref="CheckScheduler"/> heap: start <see cref="Check"/>'s next probe, or fail its running
/// probe at the deadline. Each check owns one of each kind and moves or cancels it (a probe that completes in time
/// takes its deadline out), so the heap holds no stale entries. <see cref="Version"/> says which arming (start) or
/// which probe (deadline) it was queued for: an entry taken out to run while its check re-arms is recognised and skipped.
/// </summary>
internal sealed class SchedulerEntry(ScheduledCheck check, SchedulerEntryKind kind) : DueEntry
{
    public ScheduledCheck Check { get; } = check;

    public SchedulerEntryKind Kind { get; } = kind;

    /// <summary>The version queued; written under the scheduler's lock.</summary>
    internal long Version;
}
