using LvsDirector.Checkers.Scheduling;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Runtime;

public sealed partial class CheckerService
{
    /// <summary>How often the debug statistics line is logged (only with debug logging on).</summary>
    internal static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(10);

    private ITimer? _statisticsTimer;
    private CheckStatisticsSample _lastSample;
    private long _lastSampleAt;
    // The process's allocations and collections at the last sample: what a probe costs the GC (process-wide counts).
    private long _lastAllocated;
    private int _lastGen0, _lastGen1, _lastGen2;

    private void StartStatistics()
    {
        if (!_logger.IsEnabled(LogLevel.Debug)) return;
        _lastSampleAt = _timeProvider.GetTimestamp();
        (_lastAllocated, _lastGen0, _lastGen1, _lastGen2) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        using (ExecutionContext.SuppressFlow())
        {
            _statisticsTimer = _timeProvider.CreateTimer(static s => ((CheckerService)s!).LogStatistics(), this, StatisticsInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void LogStatistics()
    {
        var sample = _scheduler.Statistics.Read();
        var now = _timeProvider.GetTimestamp();
        var seconds = _timeProvider.GetElapsedTime(_lastSampleAt, now).TotalSeconds;
        var delta = sample.Since(_lastSample);
        _lastSample = sample;
        _lastSampleAt = now;
        var (allocated, gen0, gen1, gen2) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocatedPerProbe = delta.Completed > 0 ? (double)(allocated - _lastAllocated) / delta.Completed : 0;
        var (collections0, collections1, collections2) = (gen0 - _lastGen0, gen1 - _lastGen1, gen2 - _lastGen2);
        (_lastAllocated, _lastGen0, _lastGen1, _lastGen2) = (allocated, gen0, gen1, gen2);
        Log.CheckStatistics(_logger, delta.Completed, seconds, seconds > 0 ? delta.Completed / seconds : 0, sample.InFlight,
            delta.Completed > 0 ? delta.ProbeTime.TotalMilliseconds / delta.Completed : 0,
            delta.Started > 0 ? delta.Lateness.TotalMilliseconds / delta.Started : 0,
            ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, allocatedPerProbe, collections0, collections1, collections2);
        // One-shot, re-armed after the work; a disposed timer ignores Change.
        _statisticsTimer?.Change(StatisticsInterval, Timeout.InfiniteTimeSpan);
    }

    private void StopStatistics() => _statisticsTimer?.Dispose();
}
