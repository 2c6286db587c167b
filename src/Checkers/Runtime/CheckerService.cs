using System.Collections.Immutable;
using System.Threading.Channels;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Scheduling;
using LvsDirector.Checkers.Scripts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Runtime;

/// <summary>
/// Runs the health checks of every service and reports, as <see cref="Events"/>, what IPVS should hold:
/// real servers up/down (removed, or weight 0 with inhibit_on_failure), dynamic weights, quorum and the sorry server.
/// <see cref="ApplyAsync"/> applies a new configuration by difference: unchanged checks keep their state and
/// schedule, a changed interval only changes the period, removed ones stop.
/// </summary>
public sealed partial class CheckerService : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IHealthCheckFactory _checkFactory;
    private readonly IScriptRunner _scriptRunner;
    private readonly CheckScheduler _scheduler;
    private readonly Channel<CheckerEvent> _events = Channel.CreateUnbounded<CheckerEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private ImmutableDictionary<string, CheckedServiceState> _services = ImmutableDictionary.Create<string, CheckedServiceState>(StringComparer.Ordinal);
    private CheckerOptions _global = new();
    private bool _stopped;

    /// <summary>Creates the service with the real probes and script runner.</summary>
    public CheckerService(TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
        : this(timeProvider, loggerFactory ?? NullLoggerFactory.Instance, null, null, Random.Shared)
    {
    }

    internal CheckerService(TimeProvider timeProvider, ILoggerFactory loggerFactory, IHealthCheckFactory? checkFactory, IScriptRunner? scriptRunner, Random random)
    {
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<CheckerService>();
        _scriptRunner = scriptRunner ?? new ProcessScriptRunner(timeProvider, loggerFactory.CreateLogger<ProcessScriptRunner>());
        _checkFactory = checkFactory ?? new HealthCheckFactory(timeProvider, _scriptRunner);
        _scheduler = new CheckScheduler(timeProvider, random, loggerFactory.CreateLogger<CheckScheduler>());
        StartStatistics();
    }

    /// <summary>
    /// Everything the Director must act on, in order per service: <see cref="RealServerStateChanged"/>,
    /// <see cref="QuorumStateChanged"/>, <see cref="SorryServerStateChanged"/>, <see cref="CheckWarning"/>.
    /// Unbounded; read it continuously.
    /// </summary>
    public ChannelReader<CheckerEvent> Events => _events.Reader;

    /// <summary>
    /// Validates <paramref name="options"/> (throwing <see cref="CheckerOptionsException"/> with every error before
    /// anything changes) and applies the difference from the running configuration.
    /// </summary>
    public async Task ApplyAsync(CheckerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = CheckerOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            Log.OptionsRejected(_logger, errors.Count, string.Join("; ", errors));
            throw new CheckerOptionsException(errors);
        }

        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            // What every check resolves from (a new script_user only changes the MISC checks that use it, through their identity).
            var globalChanged = _global with { ScriptUser = null } != options with { Services = _global.Services, ScriptUser = null };
            _global = options;
            var incoming = options.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var services = _services;
            foreach (var (name, state) in services)
            {
                if (incoming.Contains(name)) continue;
                services = services.Remove(name);
                StopService(state, runOmega: true);
                Log.ServiceStopped(_logger, name);
            }
            foreach (var serviceOptions in options.Services)
            {
                if (services.TryGetValue(serviceOptions.Name, out var state))
                {
                    if (globalChanged || state.Options != serviceOptions)
                    {
                        UpdateService(state, serviceOptions);
                        Log.ServiceUpdated(_logger, serviceOptions.Name);
                    }
                }
                else
                {
                    services = services.Add(serviceOptions.Name, StartService(serviceOptions));
                    Log.ServiceStarted(_logger, serviceOptions.Name, serviceOptions.RealServers.Count);
                }
            }
            _services = services;
            ReevaluateSuspensionsAfterApply();
            Log.OptionsApplied(_logger, services.Count);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>The current state of every service: health and the destination set IPVS should hold.</summary>
    public IReadOnlyList<CheckedServiceSnapshot> GetSnapshot() => _services.Values.Select(Snapshot).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>The current state of one service, or null.</summary>
    public CheckedServiceSnapshot? GetSnapshot(string service) => _services.TryGetValue(service, out var state) ? Snapshot(state) : null;

    /// <summary>
    /// Stops every check. For services with omega, runs quorum_down and the notify_down of live real servers,
    /// and waits (until <paramref name="cancellationToken"/>) for queued scripts.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        List<Task> pending = [];
        try
        {
            if (_stopped) return;
            _stopped = true;
            StopStatistics();
            foreach (var state in _services.Values)
            {
                StopService(state, runOmega: true);
                pending.Add(state.QuorumScripts.Idle);
                pending.AddRange(state.RealServers.Values.Select(rs => rs.Notify.Idle));
            }
            _scheduler.Dispose();
            _events.Writer.TryComplete();
        }
        finally
        {
            _applyLock.Release();
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Scripts still running after 30 s keep running on their own timeouts.
        }
    }

    private CheckedServiceState StartService(CheckedServiceOptions options)
    {
        var state = new CheckedServiceState(options, NewScriptQueue());
        lock (state.Gate)
        {
            foreach (var rsOptions in options.RealServers)
            {
                state.RealServers[rsOptions.Key] = CreateRealServer(state, rsOptions);
            }
            Evaluate(state, null);
            // ha_suspend: no probe before an address of the service is known to be local.
            state.Suspended = ShouldSuspend(options);
            if (state.Suspended) Log.ServiceSuspended(_logger, options.Name);
            foreach (var rs in state.RealServers.Values)
            {
                foreach (var slot in rs.Checks) StartSlot(state, rs, slot);
            }
        }
        return state;
    }

    private void UpdateService(CheckedServiceState state, CheckedServiceOptions options)
    {
        lock (state.Gate)
        {
            state.Options = options;
            var incoming = options.RealServers.ToDictionary(r => r.Key);
            foreach (var key in state.RealServers.Keys.ToList())
            {
                if (incoming.ContainsKey(key)) continue;
                state.RealServers[key].Stop();
                state.RealServers.Remove(key);
            }
            // A changed ha_suspend list is judged against the last reported addresses; checks started below follow it.
            UpdateSuspension(state);
            var started = new List<RealServerState>();
            foreach (var rsOptions in options.RealServers)
            {
                if (state.RealServers.TryGetValue(rsOptions.Key, out var rs))
                {
                    UpdateRealServer(state, rs, rsOptions);
                }
                else
                {
                    rs = CreateRealServer(state, rsOptions);
                    state.RealServers[rsOptions.Key] = rs;
                    started.Add(rs);
                }
            }
            Evaluate(state, null);
            foreach (var rs in started)
            {
                foreach (var slot in rs.Checks) StartSlot(state, rs, slot);
            }
        }
    }

    private RealServerState CreateRealServer(CheckedServiceState service, RealServerOptions options)
    {
        var rs = new RealServerState(options, NewScriptQueue());
        rs.Checks = options.Checks.Select(c => new CheckSlot(ResolvedCheck.Resolve(c, options, service.Options, _global))).ToList();
        return rs;
    }

    private void UpdateRealServer(CheckedServiceState service, RealServerState rs, RealServerOptions options)
    {
        rs.Options = options;
        var remaining = rs.Checks.ToList();
        var slots = new List<CheckSlot>();
        foreach (var check in options.Checks)
        {
            var resolved = ResolvedCheck.Resolve(check, options, service.Options, _global);
            var identity = resolved.Identity;
            var index = remaining.FindIndex(s => s.Resolved.Identity == identity);
            if (index >= 0)
            {
                // Same check: keep its health and timer; only the schedule may change.
                var slot = remaining[index];
                remaining.RemoveAt(index);
                var periodChanged = slot.Resolved.DelayLoop != resolved.DelayLoop;
                slot.Resolved = resolved;
                if (periodChanged) slot.Schedule?.ChangePeriod(resolved.DelayLoop);
                slots.Add(slot);
            }
            else
            {
                var slot = new CheckSlot(resolved);
                slots.Add(slot);
                StartSlot(service, rs, slot);
            }
        }
        foreach (var slot in remaining) slot.Stop();
        rs.Checks = slots;
    }

    private void StartSlot(CheckedServiceState service, RealServerState rs, CheckSlot slot)
    {
        var probe = _checkFactory.Create(slot.Resolved);
        // Scripts fork and files open synchronously: those start on the thread pool, not in the scheduler loop.
        var startInline = slot.Resolved.Kind is not (CheckKind.Misc or CheckKind.File);
        slot.Schedule = _scheduler.Schedule(probe, slot.Resolved.Warmup, () => slot.Resolved.Deadline,
            result => OnProbeCompleted(service, rs, slot, result), $"{service.Options.Name} {rs.Options.Key} {slot.Name}", startInline,
            parked: service.Suspended);
    }

    private void StopService(CheckedServiceState state, bool runOmega)
    {
        lock (state.Gate)
        {
            if (state.Stopped) return;
            state.Stopped = true;
            foreach (var rs in state.RealServers.Values) rs.Stop();
            if (!runOmega || !state.Options.Omega) return;
            if (state.QuorumUp) state.QuorumScripts.Enqueue(state.Options.QuorumDown, state.Options.QuorumDownUser ?? _global.ScriptUser, _global.NotifyScriptTimeout, "quorum_down");
            foreach (var rs in state.RealServers.Values.Where(r => r.Alive))
            {
                rs.Notify.Enqueue(rs.Options.NotifyDown, rs.Options.NotifyDownUser ?? _global.ScriptUser, _global.NotifyScriptTimeout, "notify_down");
            }
        }
    }

    private ScriptQueue NewScriptQueue() => new(_scriptRunner, _logger);
}
