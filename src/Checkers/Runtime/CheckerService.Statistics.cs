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

    private void StartStatistics()
    {
        if (!_logger.IsEnabled(LogLevel.Debug)) return;
        _lastSampleAt = _timeProvider.GetTimestamp();
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
        Log.CheckStatistics(_logger, delta.Completed, seconds, seconds > 0 ? delta.Completed / seconds : 0, sample.InFlight,
            delta.Completed > 0 ? delta.ProbeTime.TotalMilliseconds / delta.Completed : 0,
            delta.Started > 0 ? delta.Lateness.TotalMilliseconds / delta.Started : 0,
            ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
        // One-shot, re-armed after the work; a disposed timer ignores Change.
        _statisticsTimer?.Change(StatisticsInterval, Timeout.InfiniteTimeSpan);
    }

    private void StopStatistics() => _statisticsTimer?.Dispose();
}
