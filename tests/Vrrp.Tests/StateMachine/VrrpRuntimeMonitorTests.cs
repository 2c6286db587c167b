using LvsDirector.TestSupport;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Interop;

namespace LvsDirector.Vrrp.Tests.StateMachine;

public class VrrpRuntimeMonitorTests
{
    [Fact]
    public void Report_CollectionDuringTheMinute_LogsOneInformationLineWithCountsAndTimerLag()
    {
        var time = new ManualTimeProvider();
        var logs = new CollectingLoggerFactory();
        using var monitor = new VrrpRuntimeMonitor(time, logs.CreateLogger("test"), () => TimeSpan.FromMilliseconds(3));

        GC.Collect(0);
        time.Advance(VrrpRuntimeMonitor.Period);

        var line = Assert.Single(logs.Lines);
        Assert.Contains("[1051]", line);
        Assert.Matches(@"last minute: [1-9]\d* garbage collections", line);
        Assert.Contains("at most 3.0 ms late", line);
    }

    [Fact]
    public void Dispose_BeforeThePeriod_NoReport()
    {
        var time = new ManualTimeProvider();
        var logs = new CollectingLoggerFactory();
        var monitor = new VrrpRuntimeMonitor(time, logs.CreateLogger("test"), () => null);

        monitor.Dispose();
        GC.Collect(0);
        time.Advance(VrrpRuntimeMonitor.Period * 2);

        Assert.Empty(logs.Lines);
        Assert.Equal(0, time.ActiveTimerCount);
    }
}
