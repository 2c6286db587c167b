using LvsDirector.Config;
using LvsDirector.Config.Model;

namespace LvsDirector.Director.Tests.Model;

public class ConfigObjectTests
{
    private static readonly SourceLocation At = new("t.conf", 1);

    [Fact]
    public void Set_BeyondCapacity_KeepsOrderAndLastValueWins()
    {
        var o = new ConfigObject(At, capacity: 1);
        for (var i = 0; i < 10; i++) o.Set($"k{i}", new ConfigInteger(i, At));
        o.Set("k3", new ConfigInteger(33, At));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k{i}"), o.Entries.ToArray().Select(e => e.Key));
        Assert.Equal(33, o.GetInteger("k3"));
    }

    [Fact]
    public void Remove_MiddleKey_OthersKeepOrder()
    {
        var o = new ConfigObject(At);
        o.Set("a", new ConfigInteger(1, At));
        o.Set("b", new ConfigInteger(2, At));
        o.Set("c", new ConfigInteger(3, At));

        o.Remove("b");

        Assert.Equal(new[] { "a", "c" }, o.Entries.ToArray().Select(e => e.Key));
        Assert.Null(o["b"]);
        o.Set("d", new ConfigInteger(4, At));
        Assert.Equal(new[] { "a", "c", "d" }, o.Entries.ToArray().Select(e => e.Key));
    }

    [Fact]
    public void GetObjects_ArrayWithScalars_YieldsOnlyTheBlocksInOrder()
    {
        var first = new ConfigObject(At);
        var second = new ConfigObject(At);
        var o = new ConfigObject(At);
        o.Set("real_server", new ConfigArray([first, new ConfigString("x", At), second], At));

        Assert.Equal(new[] { first, second }, o.GetObjects("real_server"));
        Assert.Equal(3, o.GetItems("real_server").Count);
    }

    [Fact]
    public void GetObjectsAndItems_OneValueOrNone_YieldThatOrNothing()
    {
        var block = new ConfigObject(At);
        var o = new ConfigObject(At);
        o.Set("SSL", block);
        o.Set("name", new ConfigString("x", At));

        Assert.Same(block, Assert.Single(o.GetObjects("SSL")));
        Assert.Empty(o.GetObjects("name"));
        Assert.Empty(o.GetObjects("absent"));
        Assert.Single(o.GetItems("name"));
        Assert.Equal(0, o.GetItems("absent").Count);
    }

    [Fact]
    public void GetObjects_LoopOverArray_AllocatesNothing()
    {
        var o = new ConfigObject(At);
        o.Set("real_server", new ConfigArray([new ConfigObject(At), new ConfigObject(At)], At));
        var count = Count(o); // JIT and warm up first
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) count += Count(o);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2002, count);

        static int Count(ConfigObject o)
        {
            var n = 0;
            foreach (var _ in o.GetObjects("real_server")) n++;
            foreach (var _ in o.GetItems("real_server")) n++;
            return n / 2;
        }
    }
}
