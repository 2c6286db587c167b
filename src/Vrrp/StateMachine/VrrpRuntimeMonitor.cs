using System.Runtime;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// Reports, once a minute, what the .NET runtime did that can delay the VRRP threads: garbage collections
/// suspend every managed thread, the real-time ones too. Information when a collection happened in the
/// minute (an operator explaining a flap looks here), Debug otherwise. Runs on the clock it is given,
/// never the VRRP timer thread's.
/// </summary>
internal sealed partial class VrrpRuntimeMonitor : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger;
    private readonly Func<TimeSpan?> _timerLag;
    private readonly ITimer _timer;
    private Sample _last;

    public VrrpRuntimeMonitor(TimeProvider time, ILogger logger, Func<TimeSpan?> timerLag)
    {
        _logger = logger;
        _timerLag = timerLag;
        _last = Sample.Take();
        _timer = time.CreateTimer(static state => ((VrrpRuntimeMonitor)state!).Report(), this, Period, Period);
    }

    public void Dispose() => _timer.Dispose();

    private void Report()
    {
        var now = Sample.Take();
        var last = _last;
        _last = now;
        var collections = now.Gen0 - last.Gen0;
        var level = collections > 0 ? LogLevel.Information : LogLevel.Debug;
        Log.RuntimeStatistics(_logger, level, collections, now.Gen1 - last.Gen1, now.Gen2 - last.Gen2,
            (now.Pause - last.Pause).TotalMilliseconds, (now.Allocated - last.Allocated) / 1024, _timerLag()?.TotalMilliseconds ?? 0, GCSettings.LatencyMode);
    }

    /// <summary>Counters since the process started (a gen1 or gen2 collection counts as a gen0 one too).</summary>
    private readonly record struct Sample(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)
    {
        public static Sample Take() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RuntimeStatistics, Message = "VRRP runtime, last minute: {Collections} garbage collections (gen1 {Gen1}, gen2 {Gen2}), paused {PauseMs:F1} ms, {AllocatedKiB} KiB allocated by the process; timer thread at most {LagMs:F1} ms late since start; GC latency mode {Mode}")]
        public static partial void RuntimeStatistics(ILogger logger, LogLevel level, int collections, int gen1, int gen2, double pauseMs, long allocatedKiB, double lagMs, GCLatencyMode mode);
    }
}
