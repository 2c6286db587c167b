namespace LvsDirector.Vrrp.Tests;

public class SolutionLayoutTests
{
    [Fact]
    public void ManualTimeProvider_Advance_FiresDueTimersInOrder()
    {
        var time = new LvsDirector.TestSupport.ManualTimeProvider();
        var fired = new List<int>();
        using var a = time.CreateTimer(_ => fired.Add(2), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var b = time.CreateTimer(_ => fired.Add(1), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(new[] { 1 }, fired);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { 1, 2 }, fired);
        Assert.Equal(0, time.ActiveTimerCount);
    }
}
