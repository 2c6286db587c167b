using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// keepalived's track_group: static addresses, routes and rules that name a track group are looked for in the
/// kernel whenever rtnetlink reports a change (and on the monitor's safety poll); while one is missing, the
/// group's instances are in FAULT. Checks run on the thread pool, one at a time; requests arriving meanwhile
/// coalesce into one more check.
/// </summary>
internal sealed partial class StaticEntryWatcher
{
    private readonly IStaticEntryProbe _probe;
    private readonly ILogger _logger;
    private readonly Action<IReadOnlyDictionary<string, string>> _publish;
    private readonly object _gate = new();
    private StaticNetworkOptions _statics = new();
    private Dictionary<string, string> _missing = new(StringComparer.Ordinal);
    private bool _running;
    private bool _again;

    public StaticEntryWatcher(IStaticEntryProbe probe, ILogger logger, Action<IReadOnlyDictionary<string, string>> publish)
    {
        _probe = probe;
        _logger = logger;
        _publish = publish;
    }

    /// <summary>Whether any static entry names a track group (nothing to watch otherwise).</summary>
    public static bool HasTrackedEntries(StaticNetworkOptions s) =>
        s.Addresses.Any(a => a.TrackGroup is not null) || s.Routes.Any(r => r.TrackGroup is not null) || s.Rules.Any(r => r.TrackGroup is not null);

    /// <summary>The static entries after a reload; checks at once (synchronously, so new instances start with the verdict).</summary>
    public void Configure(StaticNetworkOptions statics)
    {
        lock (_gate) _statics = statics;
        CheckNow();
    }

    /// <summary>rtnetlink reported a change: checks soon on the thread pool.</summary>
    public void OnNetworkChanged(RouteEvents events)
    {
        if ((events & (RouteEvents.Address | RouteEvents.Route | RouteEvents.Rule | RouteEvents.Link)) == 0) return;
        lock (_gate)
        {
            if (!HasTrackedEntries(_statics)) return;
            if (_running)
            {
                _again = true;
                return;
            }
            _running = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static self =>
        {
            while (true)
            {
                self.CheckNow();
                lock (self._gate)
                {
                    if (!self._again)
                    {
                        self._running = false;
                        return;
                    }
                    self._again = false;
                }
            }
        }, this, preferLocal: false);
    }

    /// <summary>Looks for the tracked entries now and publishes the groups with one missing if that changed.</summary>
    public void CheckNow()
    {
        StaticNetworkOptions statics;
        lock (_gate) statics = _statics;
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HasTrackedEntries(statics))
        {
            foreach (var entry in _probe.FindMissing(statics)) missing.TryAdd(entry.TrackGroup, entry.Entry);
        }
        lock (_gate)
        {
            if (missing.Count == _missing.Count && missing.All(m => _missing.TryGetValue(m.Key, out var e) && e == m.Value)) return;
            foreach (var (group, entry) in missing)
                if (!_missing.ContainsKey(group)) Log.Fault(_logger, group, entry);
            foreach (var group in _missing.Keys)
                if (!missing.ContainsKey(group)) Log.Recovered(_logger, group);
            _missing = missing;
            _publish(missing);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TrackGroupFault, LogLevel.Warning, "track_group {Group}: {Entry} deleted: its instances go to FAULT")]
        public static partial void Fault(ILogger logger, string group, string entry);

        [LoggerMessage(EventIds.TrackGroupRecovered, LogLevel.Information, "track_group {Group}: every static entry is back")]
        public static partial void Recovered(ILogger logger, string group);
    }
}
