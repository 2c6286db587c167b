using LvsDirector.Checkers.Health;

namespace LvsDirector.Checkers.Tests.Health;

public class QuorumEvaluatorTests
{
    [Theory]
    // quorum 3, hysteresis 1: lost below 2, gained at 4.
    [InlineData(true, 2, true)]
    [InlineData(true, 1, false)]
    [InlineData(false, 3, false)]
    [InlineData(false, 4, true)]
    [InlineData(true, 0, false)]
    public void Next_QuorumThreeHysteresisOne_Band(bool up, long aliveWeight, bool expected)
    {
        Assert.Equal(expected, QuorumEvaluator.Next(up, aliveWeight, 3, 1));
    }

    [Fact]
    public void Next_DefaultQuorumOne_LostOnlyWhenNothingAlive()
    {
        Assert.True(QuorumEvaluator.Next(true, 1, 1, 0));
        Assert.False(QuorumEvaluator.Next(true, 0, 1, 0));
        Assert.True(QuorumEvaluator.Next(false, 1, 1, 0));
    }

    [Fact]
    public void Initial_NoHysteresis()
    {
        Assert.True(QuorumEvaluator.Initial(3, 3));
        Assert.False(QuorumEvaluator.Initial(2, 3));
    }
}
