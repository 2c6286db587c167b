namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// A binary min-heap of due times whose entries know their place, so that an entry is moved or removed in O(log n)
/// (<see cref="PriorityQueue{TElement, TPriority}"/> can do neither cheaply, and the entries it is left holding — the
/// timeouts of probes that ended in time — would each wake the loop when they fell due). Not thread-safe: the owner
/// locks.
/// </summary>
internal sealed class DueHeap<T>
    where T : DueEntry
{
    // Entries in a struct: storing a reference into a T[] of a shared generic type checks its type on every store, and a
    // sift stores at each level.
    private Slot[] _items = new Slot[16];
    private int _count;

    public int Count => _count;

    /// <summary>Queues <paramref name="entry"/> at <paramref name="due"/>, or moves it there when it is queued already.</summary>
    public void Set(T entry, long due)
    {
        var index = entry.HeapIndex;
        if (index < 0)
        {
            if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            entry.Due = due;
            Place(entry, _count++);
            SiftUp(entry.HeapIndex);
            return;
        }
        var earlier = due < entry.Due;
        entry.Due = due;
        if (earlier) SiftUp(index);
        else SiftDown(index);
    }

    /// <summary>Takes <paramref name="entry"/> out; false when it was not queued.</summary>
    public bool Remove(T entry)
    {
        var index = entry.HeapIndex;
        if (index < 0) return false;
        entry.HeapIndex = -1;
        var last = _items[--_count].Entry;
        _items[_count] = default;
        if (index < _count)
        {
            Place(last, index);
            SiftUp(index);
            SiftDown(last.HeapIndex);
        }
        return true;
    }

    /// <summary>The earliest entry, if any.</summary>
    public bool TryPeek(out T entry, out long due)
    {
        if (_count == 0)
        {
            entry = null!;
            due = 0;
            return false;
        }
        entry = _items[0].Entry;
        due = entry.Due;
        return true;
    }

    /// <summary>Takes out the earliest entry when it is due at or before <paramref name="now"/>.</summary>
    public bool TryDequeueDue(long now, out T entry, out long due)
    {
        if (!TryPeek(out entry, out due) || due > now) return false;
        Remove(entry);
        return true;
    }

    public void Clear()
    {
        for (var i = 0; i < _count; i++) _items[i].Entry.HeapIndex = -1;
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    private void Place(T entry, int index)
    {
        _items[index].Entry = entry;
        entry.HeapIndex = index;
    }

    private void SiftUp(int index)
    {
        var entry = _items[index].Entry;
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            var above = _items[parent].Entry;
            if (above.Due <= entry.Due) break;
            Place(above, index);
            index = parent;
        }
        Place(entry, index);
    }

    private void SiftDown(int index)
    {
        var entry = _items[index].Entry;
        while (true)
        {
            var child = 2 * index + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _items[child + 1].Entry.Due < _items[child].Entry.Due) child++;
            var below = _items[child].Entry;
            if (below.Due >= entry.Due) break;
            Place(below, index);
            index = child;
        }
        Place(entry, index);
    }

    private struct Slot
    {
        public T Entry;
    }
}
