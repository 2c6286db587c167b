using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Protocol;

public class VrrpTimersTests
{
    [Theory]
    // Reference figures of keepalived and FRR in the lab (shared/testing.md, frr-vrrp/README.md).
    [InlineData(VrrpVersion.V2, 100, 1000, 3609.375)]
    [InlineData(VrrpVersion.V3, 100, 100, 360.9375)]
    [InlineData(VrrpVersion.V3, 50, 1000, 3804.6875)]
    [InlineData(VrrpVersion.V3, 255, 1000, 3003.90625)]
    [InlineData(VrrpVersion.V3, 100, 10, 36.09375)]
    public void MasterDownInterval_PriorityAndInterval_MatchesRfc5798(VrrpVersion version, int priority, int intervalMs, double expectedMs)
    {
        var actual = VrrpTimers.MasterDownInterval(version, priority, TimeSpan.FromMilliseconds(intervalMs));
        Assert.Equal(expectedMs, actual.TotalMilliseconds, 3);
    }

    [Fact]
    public void SkewTime_V2_IndependentOfInterval() =>
        Assert.Equal(TimeSpan.FromSeconds(156.0 / 256), VrrpTimers.SkewTime(VrrpVersion.V2, 100, TimeSpan.FromSeconds(5)));
}
