using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Health;

namespace LvsDirector.Checkers.Tests.Health;

public class RealServerHealthTests
{
    private static CheckHealth Up(int? dynamic = null, long? delta = null)
    {
        var h = new CheckHealth(true);
        h.Apply(new CheckResult(true, "ok", TimeSpan.Zero, dynamic, delta), 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return h;
    }

    [Fact]
    public void IsAlive_OneCheckDown_False()
    {
        Assert.False(RealServerHealth.IsAlive([Up(), new CheckHealth(false)]));
        Assert.True(RealServerHealth.IsAlive([Up(), Up()]));
        Assert.True(RealServerHealth.IsAlive([]));
    }

    [Fact]
    public void Weight_MiscDynamicAndFileDelta_Combined()
    {
        Assert.Equal(7, RealServerHealth.Weight(100, [Up(dynamic: 5), Up(delta: 2)]));
        Assert.Equal(100, RealServerHealth.Weight(100, [Up()]));
    }

    [Fact]
    public void Weight_NegativeDelta_ClampedAtZero()
    {
        Assert.Equal(0, RealServerHealth.Weight(3, [Up(delta: -10)]));
    }
}
