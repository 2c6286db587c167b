using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Vrrp.Tracking;

namespace LvsDirector.Vrrp.Tests.Tracking;

public class PriorityCalculatorTests
{
    [Theory]
    [InlineData(true, 2, false, 2, false)]    // positive weight added while OK
    [InlineData(false, 2, false, 0, false)]   // ... and nothing while failed
    [InlineData(true, -20, false, 0, false)]  // negative weight: nothing while OK
    [InlineData(false, -20, false, -20, false)] // ... subtracted while failed
    [InlineData(true, 0, false, 0, false)]    // weight 0: OK is neutral
    [InlineData(false, 0, false, 0, true)]    // ... failed is FAULT
    [InlineData(true, 10, true, -10, false)]  // reverse: positive weight subtracted while OK
    [InlineData(false, -5, true, 5, false)]   // reverse: negative weight added while failed
    public void ForState_WeightAndDirection_AsKeepalived(bool ok, int weight, bool reverse, int delta, bool fault)
    {
        var v = PriorityCalculator.ForState(ok, weight, reverse);

        Assert.Equal(delta, v.Delta);
        Assert.Equal(fault, v.Fault);
    }

    [Theory]
    [InlineData(0, 0, false, 0, false)]
    [InlineData(3, 0, false, 0, true)]      // weight 0: non-zero content is FAULT
    [InlineData(5, 2, false, 10, false)]    // value x weight
    [InlineData(5, 2, true, -10, false)]    // reverse negates
    [InlineData(-10, 25, false, -250, false)]
    [InlineData(-254, 1, false, 0, true)]   // at or below -254: FAULT
    [InlineData(-253, 1, false, -253, false)]
    public void ForFileValue_ValueTimesWeight_AsKeepalived(long value, int weight, bool reverse, int delta, bool fault)
    {
        var v = PriorityCalculator.ForFileValue(value, weight, reverse);

        Assert.Equal(delta, v.Delta);
        Assert.Equal(fault, v.Fault);
    }

    [Theory]
    [InlineData(100, 2, 102)]
    [InlineData(100, -200, 1)]
    [InlineData(250, 10, 254)]
    [InlineData(255, -50, 255)]   // the address owner is never adjusted
    [InlineData(1, 0, 1)]
    public void Effective_ClampedTo1Through254_OwnerKept(int configured, long delta, int expected) =>
        Assert.Equal(expected, PriorityCalculator.Effective(configured, delta));

    [Fact]
    public void Effective_AnyInput_StaysInRangeOrOwner()
    {
        Prop.ForAll<int, long>((configured, delta) =>
        {
            var p = Math.Clamp(Math.Abs(configured % 256), 1, 255);
            var e = PriorityCalculator.Effective(p, delta);
            return p == 255 ? e == 255 : e is >= 1 and <= 254;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("42\n", 42)]
    [InlineData("  -7 trailing", -7)]
    [InlineData("+3", 3)]
    [InlineData("abc", 0)]
    [InlineData("", 0)]
    [InlineData("99999999999999999999999", long.MaxValue)]
    public void TrackFileValue_Parse_StrtolLike(string content, long expected) =>
        Assert.Equal(expected, TrackFileValue.Parse(content));
}
