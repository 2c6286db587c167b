using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// Keeps the kernel's IPVS table equal to the configured one without ever flushing it (unless configured):
/// dump, diff (<see cref="IpvsDiff"/>), apply the minimal change set in batches. Runs on every
/// <see cref="ApplyAsync"/>, then again every <see cref="IpvsOptions.ReconcileInterval"/> (IPVS sends no
/// change events, so an entry deleted with ipvsadm is found by the next dump) and, after any error,
/// every <see cref="IpvsOptions.RetryInterval"/>. A restart adopts the existing table: what is already
/// right is not touched. Which kernel objects are ours: docs/ipvs-ownership.md.
/// </summary>
public sealed partial class IpvsReconciler : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<IIpvsClient>> _clientFactory;
    private readonly Func<string?, IIpvsOwnershipStore> _storeFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<IpvsSyncDaemonState> _startedDaemons = new();
    private IIpvsClient? _client;
    private IpvsOptions? _options;
    private IIpvsOwnershipStore? _store;
    private HashSet<IpvsServiceKey> _owned = new();
    private ITimer? _timer;
    // lvs_flush applies before the first reconcile that reaches the kernel, never in a later reload.
    private bool _pastStart;
    private bool _adopted;
    // The kernel's timeouts before this process first changed them: put back on stop, as keepalived does.
    private IpvsTimeouts? _originalTimeouts;
    private bool _disposed;
    private int _consecutiveFailures;
    private string? _lastFailure;

    /// <summary>Above this many changes in one run, each change is logged at debug level and a summary at information.</summary>
    internal const int ChangesLoggedOneByOne = 64;

    internal IpvsReconciler(
        Func<CancellationToken, Task<IIpvsClient>> clientFactory,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        Func<string?, IIpvsOwnershipStore>? storeFactory = null)
    {
        _clientFactory = clientFactory;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _storeFactory = storeFactory ?? (path => path is null ? new InMemoryOwnershipStore() : new FileOwnershipStore(path));
    }

    /// <summary>A reconciler for the kernel of the calling process's network namespace (generic netlink family "IPVS").</summary>
    public static IpvsReconciler Create(ILogger<IpvsReconciler>? logger = null, TimeProvider? timeProvider = null) =>
        new(async ct => await IpvsClient.OpenAsync(logger, ct).ConfigureAwait(false), logger, timeProvider);

    /// <summary>The outcome of the latest run.</summary>
    public IpvsApplyResult? LastResult { get; private set; }

    /// <summary>Raised after every run (apply, periodic, retry), for alerts and metrics.</summary>
    public event Action<IpvsApplyResult>? Reconciled;

    /// <summary>
    /// Validates <paramref name="options"/> (throws <see cref="IpvsOptionsException"/> listing every error, and
    /// changes nothing), makes them current and reconciles the kernel toward them. Kernel refusals do not
    /// throw: they are in the result, logged, and retried.
    /// </summary>
    public async Task<IpvsApplyResult> ApplyAsync(IpvsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var errors = IpvsOptionsValidator.Validate(options);
        if (errors.Count > 0) throw new IpvsOptionsException(errors);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_options?.OwnershipStateFile != options.OwnershipStateFile) _store = null;
            _options = options;
            return await RunLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reconciles now with the current options (what the timer does). No-op before the first <see cref="ApplyAsync"/>.</summary>
    public async Task<IpvsApplyResult?> ReconcileAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _options is null || _disposed ? null : await RunLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the periodic runs; then, if configured and <paramref name="release"/> (keepalived's -I turns it off),
    /// flushes the table (lvs_flush_on_stop) or deletes our services (lvs_flush_on_stop VS); and puts back the
    /// timeouts found before the first change. Each step that fails is logged and the next still runs.
    /// </summary>
    public async Task StopAsync(bool release, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _timer?.Dispose();
            _timer = null;
            if (release && _options?.FlushOnStop == true)
            {
                await StopStepAsync(async client =>
                {
                    await client.FlushAsync(cancellationToken).ConfigureAwait(false);
                    Log.TableFlushed(_logger, "flush on stop");
                    _owned.Clear();
                    SaveOwned();
                }, cancellationToken).ConfigureAwait(false);
            }
            else if (release && _options?.DeleteOwnedServicesOnStop == true)
            {
                await StopStepAsync(client => DeleteOwnedServicesAsync(client, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            if (_originalTimeouts is { } original)
            {
                await StopStepAsync(client => RestoreTimeoutsAsync(client, original, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops and releases what the configuration asks to remove on stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopAsync(release: true, cancellationToken);

    // One step of the stop: a failure (refusal, or the exchange itself) is logged, and a broken socket is dropped for the next step.
    private async Task StopStepAsync(Func<IIpvsClient, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(await GetClientAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NetlinkException or IOException or InvalidOperationException or Common.Interop.ErrnoException)
        {
            Log.OtherOperationFailed(_logger, e.Message);
            _client?.Dispose();
            _client = null;
        }
    }

    private async Task RestoreTimeoutsAsync(IIpvsClient client, IpvsTimeouts original, CancellationToken cancellationToken)
    {
        await client.SetTimeoutsAsync(original, cancellationToken).ConfigureAwait(false);
        _originalTimeouts = null;
        Log.TimeoutsRestored(_logger, original);
    }

    // lvs_flush_on_stop VS: one DEL_SERVICE per service of ours in the kernel; a failure is logged and the rest still go.
    private async Task DeleteOwnedServicesAsync(IIpvsClient client, CancellationToken cancellationToken)
    {
        LoadOwnedOnce(_options!);
        var deleted = 0;
        foreach (var entry in await client.GetServicesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_owned.Contains(entry.Service.Key)) continue;
            try
            {
                await client.DeleteServiceAsync(entry.Service.Key, cancellationToken).ConfigureAwait(false);
                _owned.Remove(entry.Service.Key);
                deleted++;
            }
            catch (NetlinkException e)
            {
                Log.OtherOperationFailed(_logger, e.Message);
            }
        }
        Log.OwnedServicesDeletedOnStop(_logger, deleted);
        SaveOwned();
    }

    private async Task<IpvsApplyResult> RunLockedAsync(CancellationToken cancellationToken)
    {
        var options = _options!;
        IpvsApplyResult result;
        long before = _client?.OperationCount ?? 0;
        try
        {
            result = await ReconcileOnceAsync(options, cancellationToken).ConfigureAwait(false);
            if (_consecutiveFailures > 0) Log.ReconcileRecovered(_logger, _consecutiveFailures);
            _consecutiveFailures = 0;
            _lastFailure = null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is NetlinkException or IOException or InvalidOperationException or Common.Interop.ErrnoException)
        {
            // The exchange itself failed (ENOBUFS, EPERM, no IPVS, a dead socket): start over with a new socket next time.
            // One line per distinct failure (an operator greps it); a repetition is logged at debug level.
            if (_consecutiveFailures == 0 || _lastFailure != e.Message) Log.ReconcileFailed(_logger, options.RetryInterval, e.Message);
            else Log.ReconcileStillFailing(_logger, e.Message);
            _consecutiveFailures++;
            _lastFailure = e.Message;
            long operations = (_client?.OperationCount ?? before) - before;
            _client?.Dispose();
            _client = null;
            result = new IpvsApplyResult { Error = e.Message, NetlinkOperations = operations };
        }
        LastResult = result;
        Schedule(result.Succeeded ? options.ReconcileInterval : options.RetryInterval);
        Reconciled?.Invoke(result);
        return result;
    }

    private async Task<IpvsApplyResult> ReconcileOnceAsync(IpvsOptions options, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        long startOperations = client.OperationCount;
        int writes = 0;
        var otherFailures = new List<string>();
        LoadOwnedOnce(options);

        if (options.FlushOnStart && !_pastStart)
        {
            await client.FlushAsync(cancellationToken).ConfigureAwait(false);
            writes++;
            Log.TableFlushed(_logger, "flush on start");
        }
        _pastStart = true;

        writes += await ReconcileTimeoutsAsync(client, options, otherFailures, cancellationToken).ConfigureAwait(false);
        writes += await ReconcileDaemonsAsync(client, options, otherFailures, cancellationToken).ConfigureAwait(false);

        // Dump: every service, then the destinations of the services we want (others need none).
        var (desired, desiredKeys) = Desired(options);
        var services = await client.GetServicesAsync(cancellationToken).ConfigureAwait(false);
        var kernel = new List<IpvsServiceSnapshot>(services.Count);
        foreach (var entry in services)
        {
            var destinations = desiredKeys.Contains(entry.Service.Key)
                ? await client.GetDestinationSettingsAsync(entry.Service.Key, cancellationToken).ConfigureAwait(false)
                : Array.Empty<IpvsDestination>();
            kernel.Add(new IpvsServiceSnapshot(entry.Service, destinations));
        }
        if (!_adopted)
        {
            _adopted = true;
            var adopted = kernel.Count(k => desiredKeys.Contains(k.Service.Key));
            if (adopted > 0) Log.ServicesAdopted(_logger, adopted);
        }

        var changeSet = IpvsDiff.Compute(desired, kernel, _owned);
        foreach (var key in changeSet.Unmanaged) Log.UnmanagedServiceLeftAlone(_logger, key);
        var failures = await ApplyChangesAsync(client, changeSet.Changes, started, cancellationToken).ConfigureAwait(false);
        writes += changeSet.Changes.Count - failures.Count(f => f.ErrorName == SkippedErrorName);

        UpdateOwned(desiredKeys, kernel, changeSet.Changes, failures);

        var result = new IpvsApplyResult
        {
            Changes = changeSet.Changes,
            Failures = failures,
            OtherFailures = otherFailures,
            NetlinkOperations = client.OperationCount - startOperations,
            WritesSent = writes,
            Unmanaged = changeSet.Unmanaged,
        };
        var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        var failed = failures.Count + otherFailures.Count;
        // Something reached the kernel: summed up for the operator (a change refused at every retry is logged as such already).
        if (changeSet.Changes.Count > failures.Count) Log.ReconcileChanged(_logger, desired.Count, elapsedMs, changeSet.Changes.Count, failed, result.NetlinkOperations);
        else Log.ReconcileCompleted(_logger, desired.Count, elapsedMs, changeSet.Changes.Count, failed, result.NetlinkOperations);
        return result;
    }

    private const string SkippedErrorName = "SKIPPED";

    private IpvsOptions? _desiredFor;
    private (List<IpvsServiceSnapshot> Services, HashSet<IpvsServiceKey> Keys) _desired;

    /// <summary>
    /// The desired side of the diff, built once per options set: the periodic reconcile and the retries after an
    /// error re-use it (options are immutable) instead of building 100,000 destinations again every time.
    /// </summary>
    private (List<IpvsServiceSnapshot> Services, HashSet<IpvsServiceKey> Keys) Desired(IpvsOptions options)
    {
        if (!ReferenceEquals(options, _desiredFor))
        {
            var services = options.Services.Select(s => new IpvsServiceSnapshot(s.ToService(), s.RealServers.Select(r => r.ToDestination()).ToList())).ToList();
            _desired = (services, services.Select(d => d.Service.Key).ToHashSet());
            _desiredFor = options;
        }
        return _desired;
    }

    /// <summary>
    /// Two batches: deletes and service adds/edits first, then destination adds/edits, so a destination
    /// whose service could not be created is reported as skipped (naming the service's error) instead of
    /// being sent to fail with ESRCH.
    /// </summary>
    private async Task<List<IpvsChangeFailure>> ApplyChangesAsync(IIpvsClient client, IReadOnlyList<IpvsChange> changes, long started, CancellationToken cancellationToken)
    {
        var failures = new List<IpvsChangeFailure>();
        if (changes.Count == 0) return failures;
        var first = changes.Where(c => c.IsServiceChange || c.Kind == IpvsChangeKind.DeleteDestination).ToList();
        failures.AddRange(await client.ApplyChangesAsync(first, cancellationToken).ConfigureAwait(false));
        var failedAdds = failures.Where(f => f.Change.Kind == IpvsChangeKind.AddService).ToDictionary(f => f.Change.ServiceKey, f => f);
        var second = new List<IpvsChange>();
        foreach (var change in changes.Where(c => c.Kind is IpvsChangeKind.AddDestination or IpvsChangeKind.EditDestination))
        {
            if (failedAdds.TryGetValue(change.ServiceKey, out var cause))
                failures.Add(new IpvsChangeFailure(change, SkippedErrorName, $"{change}: skipped, the service could not be added ({cause.ErrorName})"));
            else second.Add(change);
        }
        failures.AddRange(await client.ApplyChangesAsync(second, cancellationToken).ConfigureAwait(false));

        var failed = failures.Select(f => f.Change).ToHashSet();
        int applied = changes.Count - failed.Count;
        bool oneByOne = applied <= ChangesLoggedOneByOne;
        var byKind = new SortedDictionary<IpvsChangeKind, int>();
        foreach (var change in changes)
        {
            if (failed.Contains(change)) continue;
            if (oneByOne) Log.ChangeApplied(_logger, change);
            else
            {
                Log.ChangeAppliedDetail(_logger, change);
                byKind[change.Kind] = byKind.GetValueOrDefault(change.Kind) + 1;
            }
        }
        if (!oneByOne)
        {
            var summary = string.Join(", ", byKind.Select(k => $"{k.Value} {IpvsChange.Describe(k.Key)}"));
            Log.ChangesSummarized(_logger, applied, (long)_time.GetElapsedTime(started).TotalMilliseconds, summary);
        }
        foreach (var failure in failures) Log.ChangeFailed(_logger, failure.Message);
        return failures;
    }

    private async Task<int> ReconcileTimeoutsAsync(IIpvsClient client, IpvsOptions options, List<string> failures, CancellationToken cancellationToken)
    {
        if (options.Timeouts is not { } want)
        {
            // lvs_timeouts removed by a reload: the kernel gets back what it had before we first changed it.
            if (_originalTimeouts is not { } original) return 0;
            want = original;
        }
        var have = await client.GetTimeoutsAsync(cancellationToken).ConfigureAwait(false);
        // 0 means "leave unchanged", so only the non-zero values must match.
        bool same = (want.TcpSeconds == 0 || want.TcpSeconds == have.TcpSeconds)
            && (want.TcpFinSeconds == 0 || want.TcpFinSeconds == have.TcpFinSeconds)
            && (want.UdpSeconds == 0 || want.UdpSeconds == have.UdpSeconds);
        if (same)
        {
            if (options.Timeouts is null) _originalTimeouts = null;
            return 0;
        }
        // Remembered before the change is sent: a reply lost after the kernel applied it must not lose the originals.
        if (options.Timeouts is not null) _originalTimeouts ??= have;
        try
        {
            await client.SetTimeoutsAsync(want, cancellationToken).ConfigureAwait(false);
            if (options.Timeouts is null)
            {
                _originalTimeouts = null;
                Log.TimeoutsRestored(_logger, want);
            }
            else
            {
                Log.TimeoutsSet(_logger, want);
            }
        }
        catch (NetlinkException e)
        {
            failures.Add(e.Message);
            Log.OtherOperationFailed(_logger, e.Message);
        }
        return 1;
    }

    private async Task<int> ReconcileDaemonsAsync(IIpvsClient client, IpvsOptions options, List<string> failures, CancellationToken cancellationToken)
    {
        var wanted = options.SyncDaemons.ToDictionary(d => d.State);
        if (wanted.Count == 0 && _startedDaemons.Count == 0) return 0;
        int writes = 0;
        var running = (await client.GetDaemonsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.State);
        foreach (var state in new[] { IpvsSyncDaemonState.Master, IpvsSyncDaemonState.Backup })
        {
            wanted.TryGetValue(state, out var want);
            running.TryGetValue(state, out var have);
            if (want is not null && have is not null && Matches(want, have)) continue;
            try
            {
                // A daemon cannot be edited: stop it (only if it is ours or must change) and start the wanted one.
                if (have is not null && (want is not null || _startedDaemons.Contains(state)))
                {
                    writes++;
                    await client.DeleteDaemonAsync(state, cancellationToken).ConfigureAwait(false);
                    _startedDaemons.Remove(state);
                    Log.SyncDaemonStopped(_logger, state.ToString().ToLowerInvariant());
                }
                if (want is not null)
                {
                    writes++;
                    await client.NewDaemonAsync(want, cancellationToken).ConfigureAwait(false);
                    _startedDaemons.Add(state);
                    Log.SyncDaemonStarted(_logger, want);
                }
            }
            catch (NetlinkException e)
            {
                failures.Add(e.Message);
                Log.OtherOperationFailed(_logger, e.Message);
            }
        }
        return writes;
    }

    // Fields left unset in the options take whatever the kernel chose.
    private static bool Matches(IpvsSyncDaemon want, IpvsSyncDaemon have) =>
        want.Interface == have.Interface && want.SyncId == have.SyncId
        && (want.MaxLength is null || want.MaxLength == have.MaxLength)
        && (want.Group is null || want.Group.Equals(have.Group))
        && (want.Port is null || want.Port == have.Port)
        && (want.Ttl is null || want.Ttl == have.Ttl);

    private void LoadOwnedOnce(IpvsOptions options)
    {
        if (_store is not null) return;
        _store = _storeFactory(options.OwnershipStateFile);
        try
        {
            _owned.UnionWith(_store.Load());
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.OwnershipStateUnreadable(_logger, _store.Location, e.Message);
        }
    }

    // Ours from now on: everything configured; plus previously owned services that are still in the kernel (their delete failed).
    private void UpdateOwned(HashSet<IpvsServiceKey> desiredKeys, List<IpvsServiceSnapshot> kernel, IReadOnlyList<IpvsChange> changes, List<IpvsChangeFailure> failures)
    {
        var failedDeletes = failures.Where(f => f.Change.Kind == IpvsChangeKind.DeleteService).Select(f => f.Change.ServiceKey).ToHashSet();
        var kernelKeys = kernel.Select(k => k.Service.Key).ToHashSet();
        var next = new HashSet<IpvsServiceKey>(desiredKeys);
        foreach (var key in _owned)
        {
            if (!desiredKeys.Contains(key) && kernelKeys.Contains(key) && failedDeletes.Contains(key)) next.Add(key);
        }
        if (next.SetEquals(_owned)) return;
        _owned = next;
        SaveOwned();
    }

    private void SaveOwned()
    {
        if (_store is null) return;
        try
        {
            _store.Save(_owned);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.OwnershipStateUnwritable(_logger, _store.Location, e.Message);
        }
    }

    private async Task<IIpvsClient> GetClientAsync(CancellationToken cancellationToken) =>
        _client ??= await _clientFactory(cancellationToken).ConfigureAwait(false);

    // One-shot timer re-armed after each run, so runs never overlap and the interval counts from the end of the last.
    private void Schedule(TimeSpan delay)
    {
        if (_stopping.IsCancellationRequested || _disposed) return;
        _timer ??= _time.CreateTimer(static state => ((IpvsReconciler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer() => _ = RunScheduledAsync();

    private async Task RunScheduledAsync()
    {
        try
        {
            await ReconcileAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        catch (ObjectDisposedException)
        {
            // disposed while the timer fired
        }
        catch (Exception e)
        {
            // Never let a timer callback crash the process; the next run is scheduled by RunLockedAsync or here.
            Log.ScheduledRunCrashed(_logger, _options?.RetryInterval ?? TimeSpan.FromSeconds(5), e);
            Schedule(_options?.RetryInterval ?? TimeSpan.FromSeconds(5));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _stopping.Cancel();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            _timer?.Dispose();
            _client?.Dispose();
            _client = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
