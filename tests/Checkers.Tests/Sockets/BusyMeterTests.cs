using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Tests.Sockets;

public class BusyMeterTests
{
    private const long Window = 1000;

    [Fact]
    public void Fraction_BeforeTheFirstWindowEnds_Zero()
    {
        var meter = new BusyMeter(Window, 0);
        meter.Sleeping(100);
        meter.Woke(900);

        Assert.Equal(0, meter.Fraction);
    }

    [Fact]
    public void Woke_AsleepForAQuarterOfTheWindow_ThreeQuartersBusy()
    {
        var meter = new BusyMeter(Window, 0);

        meter.Sleeping(100);
        meter.Woke(200);
        meter.Sleeping(500);
        meter.Woke(640);
        meter.Sleeping(990);
        meter.Woke(1000);

        Assert.Equal(0.75, meter.Fraction, 6);
    }

    [Fact]
    public void Woke_NeverAsleep_FullyBusy()
    {
        var meter = new BusyMeter(Window, 0);

        meter.Woke(400);
        meter.Woke(1200);

        Assert.Equal(1, meter.Fraction);
    }

    [Fact]
    public void Woke_NextWindow_CountsOnlyItsOwnSleep()
    {
        var meter = new BusyMeter(Window, 0);
        meter.Sleeping(0);
        meter.Woke(1000); // first window: asleep throughout
        Assert.Equal(0, meter.Fraction);

        meter.Sleeping(1500);
        meter.Woke(1600);
        meter.Woke(2000); // second: asleep a tenth of it

        Assert.Equal(0.9, meter.Fraction, 6);
    }

    [Fact]
    public void Woke_SleepSpanningTheWindowEnd_CountedInTheWindowItEndsIn()
    {
        var meter = new BusyMeter(Window, 0);
        meter.Sleeping(800);

        meter.Woke(1500);

        // One window of 1500 ticks closed at the wake-up, 700 of them asleep.
        Assert.Equal(1 - 700.0 / 1500, meter.Fraction, 6);
    }
}
