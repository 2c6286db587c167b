namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// An entry of a <see cref="DueHeap{T}"/>: its due time and its place in the heap. An owner keeps its entry and moves
/// or removes it (a probe that ends cancels its timeout), so no stale entry is left to fall due and wake a loop for nothing.
/// An entry is in at most one heap at a time.
/// </summary>
internal abstract class DueEntry
{
    /// <summary>When it falls due (a timestamp of the heap's clock); meaningful while <see cref="IsQueued"/>.</summary>
    internal long Due;

    /// <summary>Its index in the heap's array, -1 when not queued.</summary>
    internal int HeapIndex = -1;

    public bool IsQueued => HeapIndex >= 0;
}
