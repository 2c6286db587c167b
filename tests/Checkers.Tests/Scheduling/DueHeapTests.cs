using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Checkers.Scheduling;

namespace LvsDirector.Checkers.Tests.Scheduling;

public class DueHeapTests
{
    private sealed class Entry(int id) : DueEntry
    {
        public int Id { get; } = id;
    }

    [Fact]
    public void TryDequeueDue_EntriesSetInAnyOrder_ComeOutByDueTime()
    {
        var heap = new DueHeap<Entry>();
        var entries = new[] { 30L, 10L, 20L }.Select((due, i) => (Entry: new Entry(i), Due: due)).ToList();
        entries.ForEach(e => heap.Set(e.Entry, e.Due));

        Assert.False(heap.TryDequeueDue(5, out _, out _));
        var order = new List<long>();
        while (heap.TryDequeueDue(100, out var entry, out var due))
        {
            Assert.False(entry.IsQueued);
            order.Add(due);
        }

        Assert.Equal([10L, 20L, 30L], order);
    }

    [Fact]
    public void Remove_QueuedEntry_NeverFallsDueAndOthersKeepTheirOrder()
    {
        var heap = new DueHeap<Entry>();
        var (a, b, c) = (new Entry(1), new Entry(2), new Entry(3));
        heap.Set(a, 10);
        heap.Set(b, 20);
        heap.Set(c, 30);

        Assert.True(heap.Remove(a));
        Assert.False(heap.Remove(a));

        Assert.False(a.IsQueued);
        Assert.True(heap.TryDequeueDue(100, out var first, out _));
        Assert.Same(b, first);
        Assert.Equal(1, heap.Count);
    }

    [Fact]
    public void Set_QueuedEntry_MovesItInsteadOfAddingAnother()
    {
        var heap = new DueHeap<Entry>();
        var (a, b) = (new Entry(1), new Entry(2));
        heap.Set(a, 10);
        heap.Set(b, 20);

        heap.Set(a, 30);

        Assert.Equal(2, heap.Count);
        Assert.True(heap.TryPeek(out var earliest, out var due));
        Assert.Same(b, earliest);
        Assert.Equal(20, due);
    }

    [Fact]
    public void Operations_AnySequence_MatchASortedModel()
    {
        // Each step: entry id (0..7), and a due time to set it to, or -1 to remove it; then the earliest must agree.
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 7), Gen.Choose(-1, 50))).ToArbitrary(),
            steps =>
            {
                var heap = new DueHeap<Entry>();
                var entries = Enumerable.Range(0, 8).Select(i => new Entry(i)).ToArray();
                var model = new Dictionary<int, long>();
                foreach (var (id, due) in steps)
                {
                    if (due < 0)
                    {
                        if (heap.Remove(entries[id]) != model.Remove(id)) return false;
                    }
                    else
                    {
                        heap.Set(entries[id], due);
                        model[id] = due;
                    }
                    if (heap.Count != model.Count) return false;
                    if (model.Count > 0 && (!heap.TryPeek(out _, out var earliest) || earliest != model.Values.Min())) return false;
                }
                var drained = new List<long>();
                while (heap.TryDequeueDue(long.MaxValue, out _, out var due)) drained.Add(due);
                return drained.SequenceEqual(model.Values.Order());
            });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }
}
