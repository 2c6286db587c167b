using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// How many disconnected sockets the checks may keep open between probes (<see cref="IdleConnectionSlot"/>): half the
/// process's soft limit on open descriptors, less a margin, read once. The rest of the limit stays for the probes in flight,
/// the VRRP and netlink sockets and the scripts; beyond the budget a probe's socket is closed as before. Under systemd's
/// default soft limit (1,024) about 450 checks keep theirs; a farm of thousands of real servers wants LimitNOFILE raised.
/// </summary>
internal static class IdleConnectionBudget
{
    private const long Margin = 64;
    private static readonly long s_limit = Compute(Libc.OpenFilesSoftLimit());
    private static long s_held;

    /// <summary>The budget: sockets that may be idle at once.</summary>
    public static long Limit => s_limit;

    /// <summary>Sockets idle now.</summary>
    public static long Held => Interlocked.Read(ref s_held);

    /// <summary>The budget for a soft limit of <paramref name="softLimit"/> descriptors (-1: unknown, no budget).</summary>
    internal static long Compute(long softLimit) => softLimit < 0 ? 0 : Math.Max(0, Math.Min(softLimit, int.MaxValue) / 2 - Margin);

    /// <summary>Takes one place; false when the budget is spent.</summary>
    public static bool TryAcquire()
    {
        if (Interlocked.Increment(ref s_held) <= s_limit) return true;
        Interlocked.Decrement(ref s_held);
        return false;
    }

    /// <summary>Gives back a place taken by <see cref="TryAcquire"/>.</summary>
    public static void Release() => Interlocked.Decrement(ref s_held);
}
