using System.Collections.Immutable;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>Thread-safe drop counters, one per <see cref="VrrpDropReason"/>.</summary>
internal sealed class VrrpDropCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<VrrpDropReason>().Length];

    public void Increment(VrrpDropReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    public long this[VrrpDropReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    public ImmutableDictionary<VrrpDropReason, long> Snapshot()
    {
        var builder = ImmutableDictionary.CreateBuilder<VrrpDropReason, long>();
        foreach (var reason in Enum.GetValues<VrrpDropReason>())
        {
            var value = this[reason];
            if (value != 0) builder[reason] = value;
        }
        return builder.ToImmutable();
    }
}
