using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Health;

namespace LvsDirector.Checkers.Tests.Health;

public class CheckHealthTests
{
    private static readonly TimeSpan Loop = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);
    private static readonly CheckResult Ok = CheckResult.Pass(TimeSpan.Zero);
    private static readonly CheckResult Bad = CheckResult.Fail("x", TimeSpan.Zero);

    [Fact]
    public void Apply_FailuresWhileUp_RetriedThenDownAfterRetryPlusOne()
    {
        var health = new CheckHealth(startUp: true);

        var first = health.Apply(Bad, 2, Loop, Retry);
        var second = health.Apply(Bad, 2, Loop, Retry);
        var third = health.Apply(Bad, 2, Loop, Retry);

        Assert.Equal(new CheckStep(Retry, false, false, true), first);
        Assert.Equal(new CheckStep(Retry, false, false, true), second);
        Assert.Equal(new CheckStep(Loop, true, false, false), third);
        Assert.False(health.IsUp);
    }

    [Fact]
    public void Apply_SuccessDuringRetries_StaysUpAndResetsCount()
    {
        var health = new CheckHealth(startUp: true);
        health.Apply(Bad, 1, Loop, Retry);

        var step = health.Apply(Ok, 1, Loop, Retry);
        var afterReset = health.Apply(Bad, 1, Loop, Retry);

        Assert.Equal(new CheckStep(Loop, false, false, false), step);
        Assert.True(afterReset.Retrying);
        Assert.True(health.IsUp);
    }

    [Fact]
    public void Apply_FailureWhileDown_NoRetryNextAtLoop()
    {
        var health = new CheckHealth(startUp: true);
        health.Apply(Bad, 0, Loop, Retry);

        var step = health.Apply(Bad, 3, Loop, Retry);

        Assert.Equal(new CheckStep(Loop, false, false, false), step);
    }

    [Fact]
    public void Apply_FirstSuccessWhileDown_RisesAtOnce()
    {
        var health = new CheckHealth(startUp: false);

        var step = health.Apply(Ok, 3, Loop, Retry);

        Assert.True(step.StateChanged);
        Assert.True(health.IsUp);
    }

    [Fact]
    public void Apply_AlphaFirstFailure_RetriedButNoStateChange()
    {
        var health = new CheckHealth(startUp: false);

        var retry = health.Apply(Bad, 1, Loop, Retry);
        var final = health.Apply(Bad, 1, Loop, Retry);

        Assert.True(retry.Retrying);
        Assert.Equal(new CheckStep(Loop, false, false, false), final);
    }

    [Fact]
    public void Apply_DynamicWeightChanges_WeightChangedReported()
    {
        var health = new CheckHealth(startUp: true);

        var first = health.Apply(Ok with { DynamicWeight = 5 }, 1, Loop, Retry);
        var same = health.Apply(Ok with { DynamicWeight = 5 }, 1, Loop, Retry);

        Assert.True(first.WeightChanged);
        Assert.False(same.WeightChanged);
        Assert.Equal(5, health.DynamicWeight);
    }
}
