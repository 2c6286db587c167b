namespace LvsDirector.Checkers.Scheduling;

/// <summary>A <see cref="SchedulerEntry"/> taken out of the heap to run, with the version and due time it was queued with.</summary>
internal readonly record struct DueSchedulerEntry(SchedulerEntry Entry, long Version, long Due);
