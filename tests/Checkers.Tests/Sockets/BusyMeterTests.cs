using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Tests.Sockets;

public class BusyMeterTests
{
    private const long Window = 1000;

    // Runs a loop's readings from 0: each (sleep, wake) pair is one sleep; a negative sleep is a wake-up without one.
    private static BusyMeter Run(params (long Sleep, long Wake)[] turns)
    {
        var meter = new BusyMeter(Window, 0);
        foreach (var (sleep, wake) in turns)
        {
            if (sleep >= 0) meter.Sleeping(sleep);
            meter.Woke(wake);
        }
        return meter;
    }

    [Fact]
    public void Fraction_BeforeTheFirstWindowEnds_Zero() => Assert.Equal(0, Run((100, 900)).Fraction);

    [Fact]
    public void Woke_AsleepForAQuarterOfTheWindow_ThreeQuartersBusy() =>
        Assert.Equal(0.75, Run((100, 200), (500, 640), (990, 1000)).Fraction, 6);

    [Fact]
    public void Woke_NeverAsleep_FullyBusy() => Assert.Equal(1, Run((-1, 400), (-1, 1200)).Fraction);

    [Fact]
    public void Woke_NextWindow_CountsOnlyItsOwnSleep()
    {
        var meter = Run((0, 1000)); // first window: asleep throughout
        Assert.Equal(0, meter.Fraction);

        meter.Sleeping(1500);
        meter.Woke(1600);
        meter.Woke(2000); // second: asleep a tenth of it

        Assert.Equal(0.9, meter.Fraction, 6);
    }

    [Fact]
    public void Woke_SleepSpanningTheWindowEnd_CountedInTheWindowItEndsIn() =>
        // One window of 1500 ticks closed at the wake-up, 700 of them asleep.
        Assert.Equal(1 - 700.0 / 1500, Run((800, 1500)).Fraction, 6);

    [Fact]
    public void Woke_AwakeButGivenLessProcessorTime_CappedByTheThreadsCpuTime()
    {
        var cpu = 0L;
        var meter = new BusyMeter(Window, 0, () => cpu);
        cpu = 100;
        meter.Woke(1000); // first window: no earlier CPU reading, the awake share alone
        Assert.Equal(1, meter.Fraction);

        cpu = 700; // awake throughout the next window, on a processor for 600 of its 1000 ticks
        meter.Woke(2000);

        Assert.Equal(0.6, meter.Fraction, 6);
    }

    [Fact]
    public void Woke_CpuTimeAboveTheAwakeShare_AwakeShareKept()
    {
        var cpu = 0L;
        var meter = new BusyMeter(Window, 0, () => cpu);
        meter.Woke(1000);
        meter.Sleeping(1500);
        cpu = 1000;
        meter.Woke(2000); // asleep half the window; the CPU reading (coarser, or other work) says more

        Assert.Equal(0.5, meter.Fraction, 6);
    }

    [Fact]
    public void Woke_CpuTimeUnreadable_AwakeShareKept()
    {
        var meter = new BusyMeter(Window, 0, () => -1);
        meter.Woke(1000);
        meter.Woke(2000);

        Assert.Equal(1, meter.Fraction);
    }
}
