using LvsDirector.Checkers.Scheduling;

namespace LvsDirector.Checkers.Tests.Scheduling;

/// <summary>The multiplication shortcut gives exactly what the 128-bit conversion gives, for any frequency and delay.</summary>
public class TimestampTicksTests
{
    public static TheoryData<long, long> Cases()
    {
        var data = new TheoryData<long, long>();
        long[] frequencies = [1_000_000_000, TimeSpan.TicksPerSecond, 3_579_545, 1_000_000, 1];
        long[] delays = [0, 1, -1, 15_000_000, -10_000, 12_345_678_901, long.MaxValue / 100, long.MaxValue / 100 + 1, long.MinValue / 100,
            long.MinValue / 100 - 1, TimeSpan.MaxValue.Ticks, TimeSpan.MinValue.Ticks];
        foreach (var frequency in frequencies)
        {
            foreach (var delay in delays) data.Add(frequency, delay);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void From_EqualsThe128BitConversion(long frequency, long delayTicks) =>
        Assert.Equal((long)((Int128)delayTicks * frequency / TimeSpan.TicksPerSecond), new TimestampTicks(frequency).From(TimeSpan.FromTicks(delayTicks)));
}
