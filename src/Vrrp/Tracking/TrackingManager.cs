using System.Collections.Immutable;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Scripts;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// Owns every tracker (vrrp_script, track_file, vrrp_track_process, interface states), folds them
/// into one <see cref="TrackingStatus"/> per instance (its own references plus its sync group's) and
/// reports each changed status through the sink, which hands it to the VRRP thread. Runs on the
/// thread pool and the tracking clock, never on the VRRP thread. A reload keeps trackers whose
/// definition did not change, with their state.
/// </summary>
internal sealed class TrackingManager : IAsyncDisposable
{
    private readonly TrackingDependencies _deps;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ScriptRunner _runner;
    private readonly Action<string, TrackingStatus> _sink;
    private readonly Func<string, bool> _isInterfaceUp;
    private readonly object _gate = new();
    private readonly Dictionary<string, ScriptTracker> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileTracker> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessTracker> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrackingStatus> _published = new(StringComparer.Ordinal);
    private VrrpOptions _options = new();
    private IProcessEvents? _processEvents;
    private bool _processEventsOpened;

    public TrackingManager(TrackingDependencies deps, ILoggerFactory loggerFactory, Func<string, bool> isInterfaceUp, Action<string, TrackingStatus> sink)
    {
        _deps = deps;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("LvsDirector.Vrrp.Tracking");
        _runner = new ScriptRunner(deps.Launcher, deps.Time, loggerFactory.CreateLogger<ScriptRunner>());
        _isInterfaceUp = isInterfaceUp;
        _sink = sink;
    }

    /// <summary>Applies a new configuration: trackers are diffed by name and definition; statuses republished.</summary>
    public async Task ApplyAsync(VrrpOptions options)
    {
        var stale = new List<IAsyncDisposable>();
        var started = new List<Action>();
        lock (_gate)
        {
            _options = options;
            var usedScripts = UsedNames(options, t => t.Scripts);
            var usedFiles = UsedNames(options, t => t.Files);
            var usedProcesses = UsedNames(options, t => t.Processes);

            // keepalived runs a script only while some instance or group tracks it.
            foreach (var name in _scripts.Keys.ToList())
            {
                if (usedScripts.Contains(name) && options.Scripts.TryGetValue(name, out var o) && SameExceptWeight(o, _scripts[name].Options) && options.Scripting.Equals(_scriptingInUse))
                {
                    _scripts[name].Options = o;
                    continue;
                }
                stale.Add(_scripts[name]);
                _scripts.Remove(name);
            }
            foreach (var name in usedScripts)
            {
                if (_scripts.ContainsKey(name) || !options.Scripts.TryGetValue(name, out var o)) continue;
                var tracker = new ScriptTracker(name, o, options.Scripting, _runner, _loggerFactory.CreateLogger<ScriptTracker>(), Recompute);
                _scripts[name] = tracker;
                started.Add(tracker.Start);
            }
            _scriptingInUse = options.Scripting;

            foreach (var name in _files.Keys.ToList())
            {
                if (usedFiles.Contains(name) && options.TrackFiles.TryGetValue(name, out var o) && (o with { Weight = 0, Reverse = false }).Equals(_files[name].Options with { Weight = 0, Reverse = false }))
                {
                    _files[name].Options = o;
                    continue;
                }
                _files[name].Dispose();
                _files.Remove(name);
            }
            foreach (var name in usedFiles)
            {
                if (_files.ContainsKey(name) || !options.TrackFiles.TryGetValue(name, out var o)) continue;
                var tracker = new FileTracker(name, o, _deps.Time, _loggerFactory.CreateLogger<FileTracker>(), Recompute);
                _files[name] = tracker;
                started.Add(tracker.Start);
            }

            foreach (var name in _processes.Keys.ToList())
            {
                if (usedProcesses.Contains(name) && options.TrackProcesses.TryGetValue(name, out var o) && (o with { Weight = 0, Reverse = false }).Equals(_processes[name].Options with { Weight = 0, Reverse = false }))
                {
                    _processes[name].Options = o;
                    continue;
                }
                _processes[name].Dispose();
                _processes.Remove(name);
            }
            foreach (var name in usedProcesses)
            {
                if (_processes.ContainsKey(name) || !options.TrackProcesses.TryGetValue(name, out var o)) continue;
                if (!_processEventsOpened)
                {
                    _processEventsOpened = true;
                    _processEvents = _deps.ProcessEvents?.Invoke(_loggerFactory.CreateLogger<ProcConnectorMonitor>());
                }
                var tracker = new ProcessTracker(name, o, _deps.Time, _deps.Processes, _loggerFactory.CreateLogger<ProcessTracker>(), Recompute, _processEvents);
                _processes[name] = tracker;
                started.Add(tracker.Start);
            }

            foreach (var name in _published.Keys.ToList())
                if (!options.Instances.ContainsKey(name)) _published.Remove(name);
        }
        foreach (var tracker in stale) await tracker.DisposeAsync().ConfigureAwait(false);
        foreach (var start in started) start();
        Recompute();
    }

    private VrrpScriptingOptions _scriptingInUse = new();

    /// <summary>A weight is not part of running a tracker: a reload changing only it keeps the tracker and its state (as keepalived keeps script results).</summary>
    private static bool SameExceptWeight(VrrpScriptOptions a, VrrpScriptOptions b) =>
        (a with { Weight = 0, Reverse = false }).Equals(b with { Weight = 0, Reverse = false });

    /// <summary>A tracked interface went up or down (after interface_up_down_delays).</summary>
    public void SetInterfaceState(string name, bool up)
    {
        lock (_gate)
        {
            if (_interfaces.TryGetValue(name, out var was) && was == up) return;
            _interfaces[name] = up;
        }
        Recompute();
    }

    /// <summary>The status an instance has now (for tests and the first publication).</summary>
    public TrackingStatus StatusOf(string instance)
    {
        lock (_gate) return Compute(instance);
    }

    /// <summary>Recomputes every instance and publishes the ones that changed.</summary>
    public void Recompute()
    {
        lock (_gate)
        {
            foreach (var name in _options.Instances.Keys)
            {
                var status = Compute(name);
                if (_published.TryGetValue(name, out var old) && old.Delta == status.Delta && old.Faults.SequenceEqual(status.Faults)) continue;
                _published[name] = status;
                // Inside the lock so that statuses reach the queue in the order they were computed; the sink only enqueues.
                _sink(name, status);
            }
        }
    }

    private TrackingStatus Compute(string instance)
    {
        if (!_options.Instances.TryGetValue(instance, out var io)) return TrackingStatus.None;
        long delta = 0;
        var faults = new List<string>();
        var group = _options.SyncGroups.Values.FirstOrDefault(g => g.Members.Contains(instance));
        // keepalived: trackers of sync-group members count unweighted (FAULT on failure) unless
        // sync_group_tracking_weight is set, since one member's priority change cannot move the group.
        var unweighted = group is { TrackingWeight: false };
        Fold(io.Tracking, unweighted, ref delta, faults);
        if (group is not null) Fold(group.Tracking, unweighted, ref delta, faults);
        // keepalived's track_group: the group's instances track the device of every static entry naming the group.
        foreach (var (trackGroup, members) in _options.TrackGroups)
        {
            if (!members.Contains(instance)) continue;
            foreach (var device in TrackGroupDevices(_options.Static, trackGroup))
            {
                var up = _interfaces.TryGetValue(device, out var u) ? u : _isInterfaceUp(device);
                if (!up) faults.Add($"track_group {trackGroup} (interface {device})");
            }
        }
        return delta == 0 && faults.Count == 0 ? TrackingStatus.None : new TrackingStatus(delta, faults);
    }

    private void Fold(VrrpTrackingOptions t, bool unweighted, ref long delta, List<string> faults)
    {
        void Add(TrackerVerdict v, string what, ref long d)
        {
            if (v.Fault) faults.Add(what);
            d += v.Delta;
        }
        foreach (var r in t.Interfaces)
        {
            var up = _interfaces.TryGetValue(r.Name, out var u) ? u : _isInterfaceUp(r.Name);
            Add(PriorityCalculator.ForState(up, unweighted ? 0 : r.Weight ?? 0, r.Reverse ?? false), $"track_interface {r.Name}", ref delta);
        }
        foreach (var r in t.Scripts)
        {
            if (!_scripts.TryGetValue(r.Name, out var s) || s.Ok is not { } ok) continue;
            Add(PriorityCalculator.ForState(ok, unweighted ? 0 : r.Weight ?? s.Options.Weight, r.Reverse ?? s.Options.Reverse), $"track_script {r.Name}", ref delta);
        }
        foreach (var r in t.Files)
        {
            if (!_files.TryGetValue(r.Name, out var f)) continue;
            Add(PriorityCalculator.ForFileValue(f.Value, unweighted ? 0 : r.Weight ?? f.Options.Weight, r.Reverse ?? f.Options.Reverse), $"track_file {r.Name}", ref delta);
        }
        foreach (var r in t.Processes)
        {
            if (!_processes.TryGetValue(r.Name, out var p)) continue;
            Add(PriorityCalculator.ForState(p.Ok, unweighted ? 0 : r.Weight ?? p.Options.Weight, r.Reverse ?? p.Options.Reverse), $"track_process {r.Name}", ref delta);
        }
    }

    /// <summary>The devices of the static addresses (dev), routes (dev) and rules (iif) that name <paramref name="trackGroup"/> and are tracked.</summary>
    internal static IEnumerable<string> TrackGroupDevices(StaticNetworkOptions statics, string trackGroup) =>
        statics.Addresses.Where(a => a.TrackGroup == trackGroup && !a.NoTrack).Select(a => a.Device)
            .Concat(statics.Routes.Where(r => r.TrackGroup == trackGroup && !r.NoTrack).Select(r => r.Device))
            .Concat(statics.Rules.Where(r => r.TrackGroup == trackGroup && !r.NoTrack).Select(r => r.InputInterface))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    private static ImmutableHashSet<string> UsedNames(VrrpOptions o, Func<VrrpTrackingOptions, EquatableArray<VrrpTrackReference>> pick) =>
        o.Instances.Values.Select(i => i.Tracking).Concat(o.SyncGroups.Values.Select(g => g.Tracking))
            .SelectMany(t => pick(t)).Select(r => r.Name).ToImmutableHashSet(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        List<ScriptTracker> scripts;
        lock (_gate)
        {
            scripts = _scripts.Values.ToList();
            _scripts.Clear();
            foreach (var f in _files.Values) f.Dispose();
            _files.Clear();
            foreach (var p in _processes.Values) p.Dispose();
            _processes.Clear();
            _options = new VrrpOptions();
        }
        (_processEvents as IDisposable)?.Dispose();
        foreach (var s in scripts) await s.DisposeAsync().ConfigureAwait(false);
    }
}
