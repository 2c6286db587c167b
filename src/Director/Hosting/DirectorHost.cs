using System.Threading.Channels;
using LvsDirector.Alerts;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;
using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Ipvs.Reconcile;
using LvsDirector.Vrrp;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Hosting;

/// <summary>
/// The running director: hands each library its options (start and every reload) and wires the
/// checkers' verdicts into the IPVS table. A reload applies only differences: each library diffs by key.
/// </summary>
internal sealed partial class DirectorHost : IAsyncDisposable
{
    private readonly bool _runVrrp;
    private readonly bool _runLvs;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<bool> _tableDirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private VrrpRouter? _vrrp;
    private IpvsReconciler? _ipvs;
    private CheckerService? _checkers;
    private LvsTableComposer? _composer;
    private Task? _eventPump;
    private Task? _tableWriter;
    private readonly AlertChannel _alerts = new();
    private CheckerAlertPolicy? _alertPolicy;
    private Task? _alertReader;
    private LocalAddressWatcher? _localAddresses;

    /// <summary>
    /// How often the local addresses are re-read without a change notification (ha_suspend): a safety net, since
    /// rtnetlink reports each change as it happens.
    /// </summary>
    internal static readonly TimeSpan LocalAddressInterval = TimeSpan.FromSeconds(30);

    public DirectorHost(bool runVrrp, bool runLvs, ILoggerFactory loggerFactory)
    {
        _runVrrp = runVrrp;
        _runLvs = runLvs;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("LvsDirector");
    }

    public async Task StartAsync(KeepalivedConfig config, CancellationToken cancellationToken)
    {
        if (_runVrrp)
        {
            _vrrp = new VrrpRouter(_loggerFactory);
            _vrrp.StateChanged += (_, change) => Log.VrrpStateChanged(_logger, change.ToString());
            await _vrrp.ApplyAsync(config.Bound.Vrrp ?? VrrpOptionsBinder.Bind(config.Model), cancellationToken);
        }
        if (_runLvs)
        {
            long started = TimeProvider.System.GetTimestamp();
            var binding = config.Bound.Lvs ?? IpvsOptionsBinder.Bind(config.Model, config.Diagnostics);
            var checkerOptions = config.Bound.Checkers ?? CheckerOptionsBinder.Bind(config.Model);
            // Options bound by the loader were validated with the configuration; others are, before IPVS is touched.
            if (config.Bound.Checkers is null && CheckerOptionsValidator.Validate(checkerOptions) is { Count: > 0 } refused)
                throw new CheckerOptionsException(refused);
            // The table first, the checks after it, as keepalived does: real servers start with keepalived's
            // initial state (alive unless alpha; the sorry server if that loses the quorum), the same verdicts
            // the checkers publish when they start, so 100,000 checks starting do not delay the table.
            _composer = new LvsTableComposer(binding);
            foreach (var initial in InitialVerdicts.Compute(checkerOptions, TimeProvider.System.GetUtcNow()))
            {
                // In the table at its configured weight is what the composer assumes without a verdict: only the
                // others (alpha, inhibited, the sorry server) are folded in before the first table.
                if (initial is not RealServerStateChanged { Alive: true, InTable: true }) _composer.Apply(initial);
            }
            var table = _composer.Compose();
            Log.PhaseDone(_logger, "LVS table composed", (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            // The reconciler logs its own failures (once per distinct error) and retries.
            _ipvs = IpvsReconciler.Create(_loggerFactory.CreateLogger<IpvsReconciler>());
            await _ipvs.ApplyAsync(table, cancellationToken);
            Log.PhaseDone(_logger, "IPVS table applied", (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            _checkers = new CheckerService(TimeProvider.System, _loggerFactory);
            WatchLocalAddressesIfUsed(checkerOptions);
            await _checkers.ApplyAsync(checkerOptions, cancellationToken);
            Log.PhaseDone(_logger, "checkers started", (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            Volatile.Write(ref _alertPolicy, CheckerAlertPolicy.From(config.Model));
            _alertReader = Task.Run(ReadAlertsAsync);
            _eventPump = Task.Run(PumpCheckerEventsAsync);
            _tableWriter = Task.Run(WriteTableAsync);
        }
    }

    /// <summary>Applies a new, already validated configuration; a library that refuses it keeps its old options.</summary>
    public async Task ReloadAsync(KeepalivedConfig config, CancellationToken cancellationToken)
    {
        if (_vrrp is not null)
        {
            try
            {
                await _vrrp.ApplyAsync(config.Bound.Vrrp ?? VrrpOptionsBinder.Bind(config.Model), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReloadPartFailed(_logger, "VRRP", e.Message);
            }
        }
        if (_composer is not null && _checkers is not null)
        {
            _composer.Update(config.Bound.Lvs ?? IpvsOptionsBinder.Bind(config.Model, config.Diagnostics));
            Volatile.Write(ref _alertPolicy, CheckerAlertPolicy.From(config.Model));
            try
            {
                var checkerOptions = config.Bound.Checkers ?? CheckerOptionsBinder.Bind(config.Model);
                WatchLocalAddressesIfUsed(checkerOptions);
                await _checkers.ApplyAsync(checkerOptions, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReloadPartFailed(_logger, "checkers", e.Message);
            }
            _tableDirty.Writer.TryWrite(true);
        }
    }

    // ha_suspend: the checkers learn the local addresses before a service using it starts, so that it neither
    // probes before its address is known to be local nor logs a suspension it leaves at once. No watcher otherwise;
    // once started it runs until the director stops.
    private void WatchLocalAddressesIfUsed(CheckerOptions options)
    {
        if (_localAddresses is not null || !options.Services.Any(s => s.SuspendUnlessLocal.Count > 0)) return;
        _localAddresses = new LocalAddressWatcher(new InterfaceAddressSource(), TimeProvider.System, LocalAddressInterval,
            _checkers!.SetLocalAddresses, _loggerFactory.CreateLogger<LocalAddressWatcher>());
        _localAddresses.Start();
    }

    private async Task PumpCheckerEventsAsync()
    {
        try
        {
            await foreach (var e in _checkers!.Events.ReadAllAsync(_stopping.Token))
            {
                if (_composer!.Apply(e)) _tableDirty.Writer.TryWrite(true);
                // smtp_alert: the events that make an alert are handed to the alert channel, never waited on.
                if (Volatile.Read(ref _alertPolicy)?.For(e) is { } alert) _alerts.Publish(alert);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The alert channel's reader. Mail delivery (SMTP to smtp_server) is not built yet: until it is, each alert is
    // logged as one that no mail carried, so an operator who configured smtp_alert is not misled.
    private async Task ReadAlertsAsync()
    {
        await foreach (var alert in _alerts.Reader.ReadAllAsync())
        {
            Log.AlertNotMailed(_logger, alert.Subject, alert.Body);
        }
    }

    // One writer, coalescing bursts of verdicts into one reconcile.
    private async Task WriteTableAsync()
    {
        try
        {
            await foreach (var _ in _tableDirty.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    await _ipvs!.ApplyAsync(_composer!.Compose(), _stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A table the IPVS library refuses leaves the kernel as it is; the writer goes on with the next change.
                    Log.TableRefused(_logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Stops everything. <paramref name="releaseIpvs"/> false (-I, --dont-release-ipvs) skips what the configuration
    /// asks to remove on stop (lvs_flush_on_stop); the timeouts found at start are put back either way.
    /// </summary>
    public async Task StopAsync(bool releaseVrrp, bool releaseIpvs, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _localAddresses?.Dispose();
        if (_vrrp is not null && releaseVrrp) await _vrrp.StopAsync(cancellationToken);
        if (_checkers is not null) await _checkers.DisposeAsync();
        foreach (var task in new[] { _eventPump, _tableWriter })
        {
            if (task is not null) await task.ConfigureAwait(false);
        }
        _alerts.Complete();
        if (_alertReader is not null) await _alertReader.ConfigureAwait(false);
        if (_ipvs is not null) await _ipvs.StopAsync(releaseIpvs, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_vrrp is not null) await _vrrp.DisposeAsync();
        if (_ipvs is not null) await _ipvs.DisposeAsync();
        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "VRRP: {Change}")]
        public static partial void VrrpStateChanged(ILogger logger, string change);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Start: {Phase} after {Milliseconds} ms ({Runtime})")]
        private static partial void PhaseDone(ILogger logger, string phase, long milliseconds, string runtime);

        public static void PhaseDone(ILogger logger, string phase, long milliseconds)
        {
            if (logger.IsEnabled(LogLevel.Debug)) PhaseDone(logger, phase, milliseconds, RuntimeSnapshot.Describe());
        }

        [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "IPVS: the composed table was refused, the kernel keeps its previous one: {Reason}")]
        public static partial void TableRefused(ILogger logger, string reason);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Reload: the {Part} part kept its previous configuration: {Reason}")]
        public static partial void ReloadPartFailed(ILogger logger, string part, string reason);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "SMTP alert not mailed (no mail delivery yet): {Subject} {Body}")]
        public static partial void AlertNotMailed(ILogger logger, string subject, string body);
    }
}
