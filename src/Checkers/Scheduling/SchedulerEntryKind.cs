namespace LvsDirector.Checkers.Scheduling;

/// <summary>What a <see cref="SchedulerEntry"/> does when it falls due.</summary>
internal enum SchedulerEntryKind
{
    /// <summary>Start the check's next probe.</summary>
    Start,

    /// <summary>The running probe's total deadline: cancel it and record a failure.</summary>
    Deadline,
}
