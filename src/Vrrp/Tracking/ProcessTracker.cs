using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// One vrrp_track_process: the number of matching processes against the quorum, with fork_delay before
/// turning OK and terminate_delay before turning failed. /proc is scanned once at start (keepalived's start-up
/// path); after that, with process events (the proc connector), the set of matching pids follows fork, exec,
/// comm and exit events, and a timer covers a running delay. Without events /proc is scanned every
/// <see cref="ScanInterval"/>.
/// </summary>
internal sealed partial class ProcessTracker : IDisposable
{
    public static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly IProcessTable _table;
    private readonly IProcessEvents? _events;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly object _gate = new();
    private readonly HashSet<int> _matching = new();
    private ITimer? _pollTimer;
    private ITimer? _delayTimer;
    private long? _pendingSince;
    private bool _disposed;

    public ProcessTracker(string name, VrrpTrackProcessOptions options, TimeProvider time, IProcessTable table, ILogger logger, Action changed, IProcessEvents? events = null)
    {
        Name = name;
        Options = options;
        _time = time;
        _table = table;
        _events = events;
        _logger = logger;
        _changed = changed;
        // The start-up scan decides at once, without delays (keepalived's initial /proc scan).
        Rescan();
        Count = _matching.Count;
        Ok = ProcessMatcher.InQuorum(options, Count);
    }

    public string Name { get; }

    /// <summary>The definition; a reload that changes only the weight swaps it in place, keeping the state.</summary>
    public VrrpTrackProcessOptions Options { get; set; }

    public int Count { get; private set; }

    public bool Ok { get; private set; }

    public void Start()
    {
        if (_events is null)
        {
            _pollTimer = _time.CreateTimer(static s => ((ProcessTracker)s!).Scan(), this, ScanInterval, ScanInterval);
            return;
        }
        _events.Event += OnProcessEvent;
        // A process that started or ended between the constructor's scan and the subscription.
        Scan();
    }

    /// <summary>Scans /proc now; true if the OK state changed.</summary>
    internal bool Scan()
    {
        lock (_gate) Rescan();
        return Evaluate();
    }

    /// <summary>A proc connector event: only the pid it names is looked at (an overrun rescans everything).</summary>
    internal void OnProcessEvent(ProcessEvent e)
    {
        bool affected;
        lock (_gate)
        {
            if (_disposed) return;
            switch (e.Kind)
            {
                case ProcessEventKind.Overrun:
                    Rescan();
                    affected = true;
                    break;
                case ProcessEventKind.Exit:
                    affected = _matching.Remove(e.Pid);
                    break;
                default:
                    // fork, exec, comm: the process may have started or stopped matching.
                    affected = _table.TryRead(e.Pid) is { } p && ProcessMatcher.Matches(Options, p) ? _matching.Add(e.Pid) : _matching.Remove(e.Pid);
                    break;
            }
        }
        if (affected) Evaluate();
    }

    private void Rescan()
    {
        try
        {
            var matching = _table.Snapshot().Where(p => ProcessMatcher.Matches(Options, p)).Select(p => p.Pid).ToList();
            _matching.Clear();
            _matching.UnionWith(matching);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Keep what we knew: an unreadable /proc is no evidence that processes stopped.
        }
    }

    private bool Evaluate()
    {
        var changed = false;
        lock (_gate)
        {
            if (_disposed) return false;
            Count = _matching.Count;
            var wanted = ProcessMatcher.InQuorum(Options, Count);
            if (wanted == Ok)
            {
                _pendingSince = null;
                CancelDelay();
            }
            else
            {
                var now = _time.GetTimestamp();
                _pendingSince ??= now;
                var delay = wanted ? Options.ForkDelay : Options.TerminateDelay;
                var elapsed = _time.GetElapsedTime(_pendingSince.Value, now);
                if (elapsed >= delay)
                {
                    Ok = wanted;
                    _pendingSince = null;
                    CancelDelay();
                    changed = true;
                    Log.Changed(_logger, Name, Ok ? "reached quorum" : "lost quorum", Count);
                }
                else if (_events is not null && _delayTimer is null)
                {
                    // With events nothing else looks again: re-evaluate when the delay runs out.
                    _delayTimer = _time.CreateTimer(static s => ((ProcessTracker)s!).OnDelayElapsed(), this, delay - elapsed, Timeout.InfiniteTimeSpan);
                }
            }
        }
        if (changed) _changed();
        return changed;
    }

    private void OnDelayElapsed()
    {
        lock (_gate) CancelDelay();
        Evaluate();
    }

    private void CancelDelay()
    {
        _delayTimer?.Dispose();
        _delayTimer = null;
    }

    public void Dispose()
    {
        if (_events is not null) _events.Event -= OnProcessEvent;
        lock (_gate)
        {
            _disposed = true;
            CancelDelay();
            _pollTimer?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TrackProcessChanged, LogLevel.Information, "Process tracker {Name} {What} ({Count} running)")]
        public static partial void Changed(ILogger logger, string name, string what, int count);
    }
}
