using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// One vrrp_track_process: the number of matching processes against the quorum, with fork_delay
/// before turning OK and terminate_delay before turning failed. /proc is scanned every
/// <see cref="ScanInterval"/> (keepalived uses the proc connector; the scan is its start-up path).
/// </summary>
internal sealed partial class ProcessTracker : IDisposable
{
    public static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly IProcessTable _table;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly object _gate = new();
    private ITimer? _timer;
    private long? _pendingSince;

    public ProcessTracker(string name, VrrpTrackProcessOptions options, TimeProvider time, IProcessTable table, ILogger logger, Action changed)
    {
        Name = name;
        Options = options;
        _time = time;
        _table = table;
        _logger = logger;
        _changed = changed;
        // The start-up scan decides at once, without delays (keepalived's initial /proc scan).
        Count = CountMatches();
        Ok = ProcessMatcher.InQuorum(options, Count);
    }

    public string Name { get; }

    /// <summary>The definition; a reload that changes only the weight swaps it in place, keeping the state.</summary>
    public VrrpTrackProcessOptions Options { get; set; }

    public int Count { get; private set; }

    public bool Ok { get; private set; }

    public void Start() => _timer = _time.CreateTimer(static s => ((ProcessTracker)s!).Scan(), this, ScanInterval, ScanInterval);

    /// <summary>Scans now; true if the OK state changed.</summary>
    internal bool Scan()
    {
        bool changed = false;
        lock (_gate)
        {
            Count = CountMatches();
            var wanted = ProcessMatcher.InQuorum(Options, Count);
            if (wanted == Ok)
            {
                _pendingSince = null;
            }
            else
            {
                var now = _time.GetTimestamp();
                _pendingSince ??= now;
                var delay = wanted ? Options.ForkDelay : Options.TerminateDelay;
                if (_time.GetElapsedTime(_pendingSince.Value, now) >= delay)
                {
                    Ok = wanted;
                    _pendingSince = null;
                    changed = true;
                    Log.Changed(_logger, Name, Ok ? "reached quorum" : "lost quorum", Count);
                }
            }
        }
        if (changed) _changed();
        return changed;
    }

    private int CountMatches()
    {
        try
        {
            return _table.Snapshot().Count(p => ProcessMatcher.Matches(Options, p));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Count;
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventIds.TrackProcessChanged, LogLevel.Information, "Process tracker {Name} {What} ({Count} running)")]
        public static partial void Changed(ILogger logger, string name, string what, int count);
    }
}
