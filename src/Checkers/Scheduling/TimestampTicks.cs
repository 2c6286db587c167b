namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// A <see cref="TimeSpan"/> in ticks of a timestamp clock (<see cref="TimeProvider.TimestampFrequency"/>,
/// <see cref="System.Diagnostics.Stopwatch.Frequency"/>). Every probe converts a few (its due time, its deadline, each
/// step's timeout): where the clock's frequency is a whole multiple of TimeSpan's (Linux: 1 GHz, 100 × 10 MHz) that is
/// one multiplication instead of a 128-bit division (Int128's division showed in the checkers' profile).
/// </summary>
internal readonly struct TimestampTicks
{
    private readonly long _frequency;
    // frequency / TimeSpan.TicksPerSecond when it divides exactly, else 0.
    private readonly long _factor;

    public TimestampTicks(long frequency)
    {
        _frequency = frequency;
        _factor = frequency % TimeSpan.TicksPerSecond == 0 ? frequency / TimeSpan.TicksPerSecond : 0;
    }

    /// <summary>Ticks of the clock in <paramref name="delay"/>, truncated as the exact conversion would be.</summary>
    public long From(TimeSpan delay)
    {
        var ticks = delay.Ticks;
        if (_factor > 0 && ticks <= long.MaxValue / _factor && ticks >= long.MinValue / _factor) return ticks * _factor;
        return (long)((Int128)ticks * _frequency / TimeSpan.TicksPerSecond);
    }
}
