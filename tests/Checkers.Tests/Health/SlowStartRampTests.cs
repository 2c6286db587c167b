using LvsDirector.Checkers.Health;

namespace LvsDirector.Checkers.Tests.Health;

public class SlowStartRampTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(9, 10)]
    [InlineData(10, 20)]
    [InlineData(55, 60)]
    [InlineData(99, 100)]
    [InlineData(100, 100)]
    [InlineData(500, 100)]
    public void Weight_TargetHundredOverHundredSeconds_TenSteps(int elapsedSeconds, int expected)
    {
        Assert.Equal(expected, SlowStartRamp.Weight(100, TimeSpan.FromSeconds(elapsedSeconds), TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public void Weight_SmallTarget_NeverBelowOne()
    {
        Assert.Equal(1, SlowStartRamp.Weight(3, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
    }
}
