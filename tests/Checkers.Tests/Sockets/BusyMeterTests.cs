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
}
