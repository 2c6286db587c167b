using System.Collections.Immutable;
using System.Threading.Channels;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp;

/// <summary>
/// The runtime of every VRRP instance. <see cref="ApplyAsync"/> validates the whole configuration
/// first (an invalid one changes nothing), then applies only the difference: new instances start,
/// removed ones stop (a Master sends priority 0), unchanged ones keep their state and timers, changed
/// ones are updated in place or, when their identity (interface, VRID, version, family, transport,
/// authentication) changed, restarted.
/// </summary>
public sealed partial class VrrpRouter : IAsyncDisposable
{
    private readonly IVrrpNetwork _network;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly GratuitousAnnouncer _announcer;
    private readonly VrrpPacketDispatcher _dispatcher;
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly StateListener _listener;
    private readonly Channel<VrrpStateChange>? _events;
    private readonly Task _eventPump = Task.CompletedTask;
    private readonly IDisposable? _ownedTime;
    private readonly VrrpRuntimeMonitor _runtime;
    private ImmutableDictionary<string, Entry> _entries = ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal);
    private VrrpOptions _options = new();
    private bool _disposed;
    private readonly TrackingDependencies _trackingDeps;
    private readonly VrrpWorkQueue _work;
    private readonly TrackingManager _tracking;
    private readonly NotifyDispatcher _notify;
    private readonly Dictionary<string, VrrpSyncGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITimer> _pendingLinks = new(StringComparer.Ordinal);
    private readonly StaticEntryKeeper _staticEntries;
    private readonly VirtualAddressWatcher _virtualAddresses;

    /// <summary>
    /// A router on this host's network stack, its timers on a dedicated high-priority thread.
    /// <paramref name="networkNamespace"/> (keepalived's <c>net_namespace</c>) names a namespace in
    /// /run/netns in which every socket is opened; null = the process's namespace.
    /// </summary>
    public VrrpRouter(ILoggerFactory? loggerFactory = null, string? networkNamespace = null)
        : this(CreateHostParts(loggerFactory ?? NullLoggerFactory.Instance, networkNamespace, out var time), time, loggerFactory ?? NullLoggerFactory.Instance, synchronousEvents: false, TrackingDependencies.Host())
    {
        _ownedTime = time;
        // Before any instance starts: a transition must not wait for the JIT.
        VrrpHotPath.Compile();
    }

    internal VrrpRouter(IVrrpNetwork network, TimeProvider time, ILoggerFactory loggerFactory, bool synchronousEvents)
        : this(network, time, loggerFactory, synchronousEvents, TrackingDependencies.Host())
    {
    }

    /// <summary>
    /// <paramref name="tracking"/> carries the clock and launcher of scripts and trackers: never the VRRP
    /// clock <paramref name="time"/>, whose thread only receives their results through a queue.
    /// </summary>
    internal VrrpRouter(IVrrpNetwork network, TimeProvider time, ILoggerFactory loggerFactory, bool synchronousEvents, TrackingDependencies tracking)
    {
        _trackingDeps = tracking;
        _network = network;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<VrrpRouter>();
        _announcer = new GratuitousAnnouncer(time, network.FrameSender, loggerFactory.CreateLogger<GratuitousAnnouncer>());
        _dispatcher = new VrrpPacketDispatcher(time, loggerFactory.CreateLogger<VrrpPacketDispatcher>());
        _listener = new StateListener(this);
        if (!synchronousEvents)
        {
            // State changes reach subscribers through a queue so that a slow handler (notify scripts,
            // alerts) never delays the VRRP thread.
            _events = Channel.CreateUnbounded<VrrpStateChange>(new UnboundedChannelOptions { SingleReader = true });
            _eventPump = Task.Run(PumpEventsAsync);
        }
        _work = new VrrpWorkQueue(time, ex => Log.ListenerFailed(_logger, "work queue", ex));
        _tracking = new TrackingManager(tracking, loggerFactory, network.IsInterfaceUp, (name, status) => _work.Post(() =>
        {
            if (_entries.TryGetValue(name, out var entry)) entry.Instance.ApplyTracking(status);
        }));
        _notify = new NotifyDispatcher(tracking.Launcher, tracking.Time, loggerFactory);
        // On the trackers' clock: the report is logged off the VRRP thread.
        _runtime = new VrrpRuntimeMonitor(tracking.Time, loggerFactory.CreateLogger<VrrpRuntimeMonitor>(), () => (_ownedTime as VrrpTimerThread)?.MaxLag);
        _staticEntries = new StaticEntryKeeper(network.StaticEntries, network.Addresses, network.Routes, network.IsInterfaceUp, loggerFactory.CreateLogger<StaticEntryKeeper>());
        _network.InterfaceStateChanged += OnInterfaceStateChanged;
        _virtualAddresses = new VirtualAddressWatcher(network.StaticEntries, () => _entries.Values.Select(e => e.Instance), _work.Post, loggerFactory.CreateLogger<VirtualAddressWatcher>());
        _network.NetworkChanged += _staticEntries.OnNetworkChanged;
        _network.NetworkChanged += _virtualAddresses.OnNetworkChanged;
    }

    /// <summary>Raised after a notify event has been delivered (its scripts ended, FIFO lines written).</summary>
    public event Action<VrrpNotification>? NotificationDelivered
    {
        add => _notify.Delivered += value;
        remove => _notify.Delivered -= value;
    }

    /// <summary>The state of a sync group, or null if there is none of that name.</summary>
    public VrrpState? GetGroupState(string group)
    {
        lock (_groups) return _groups.TryGetValue(group, out var g) ? g.State : null;
    }

    /// <summary>An instance's effective priority (configured plus tracking), or null.</summary>
    public int? GetEffectivePriority(string instance) => _entries.TryGetValue(instance, out var entry) ? entry.Instance.EffectivePriority : null;

    /// <summary>Raised for every state change of every instance; never on the VRRP thread unless built for tests.</summary>
    public event EventHandler<VrrpStateChange>? StateChanged;

    /// <summary>The options last applied.</summary>
    public VrrpOptions Options => _options;

    /// <summary>Validates and applies <paramref name="options"/>; throws <see cref="VrrpOptionsException"/> (changing nothing) if invalid.</summary>
    public async Task ApplyAsync(VrrpOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = VrrpOptionsValidator.Validate(options);
        if (errors.Count > 0) throw new VrrpOptionsException(errors);
        options = VrrpStrictMode.Apply(options);

        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var entries = _entries.ToBuilder();
            var toStart = new List<Entry>();

            foreach (var (name, entry) in _entries)
            {
                if (options.Instances.ContainsKey(name)) continue;
                StopEntry(entry, VrrpInstance.DeletedReason);
                entries.Remove(name);
                Log.InstanceRemoved(_logger, name);
            }

            foreach (var (name, instanceOptions) in options.Instances)
            {
                if (!_entries.TryGetValue(name, out var existing))
                {
                    var created = CreateEntry(name, instanceOptions);
                    entries[name] = created;
                    toStart.Add(created);
                    Log.InstanceAdded(_logger, name, instanceOptions.Interface, instanceOptions.VirtualRouterId);
                }
                else if (existing.Options.Equals(instanceOptions))
                {
                    continue;
                }
                else if (SameIdentity(existing.Options, instanceOptions))
                {
                    existing.Instance.Update(instanceOptions);
                    entries[name] = existing with { Options = instanceOptions };
                }
                else
                {
                    StopEntry(existing);
                    var created = CreateEntry(name, instanceOptions);
                    entries[name] = created;
                    toStart.Add(created);
                    Log.InstanceRestarted(_logger, name);
                }
            }

            ApplyStatic(_options.Static, options.Static);
            _network.AcceptFilter.Apply(NoAcceptAddresses(options));
            _entries = entries.ToImmutable();
            // Route first, then start, so the first adverts a new instance hears reach it.
            _dispatcher.SetInstances(_entries.Values.Select(e => e.Instance));
            _notify.Configure(options);
            ApplySyncGroups(options);
            _options = options;
            _staticEntries.Configure(options.Static);
            await _tracking.ApplyAsync(options).ConfigureAwait(false);
            // New instances start with their trackers' current verdict (weight-0 failures start in FAULT).
            foreach (var entry in toStart) entry.Instance.ApplyTracking(_tracking.StatusOf(entry.Instance.Name));
            foreach (var entry in toStart) entry.Instance.Start();
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>Stops every instance (a Master sends priority 0 and removes its addresses).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var entry in _entries.Values) StopEntry(entry);
            _entries = _entries.Clear();
            // keepalived's stop_vrrp clears the static rules, routes and addresses after the instances.
            _staticEntries.Configure(new StaticNetworkOptions());
            ApplyStatic(_options.Static, new StaticNetworkOptions());
            _network.AcceptFilter.Apply([]);
            _dispatcher.SetInstances([]);
            _options = new VrrpOptions();
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>The current state of an instance, or null if there is none of that name.</summary>
    public VrrpState? GetState(string instance) => _entries.TryGetValue(instance, out var entry) ? entry.Instance.State : null;

    public VrrpRouterStatistics GetStatistics() => new(
        _entries.Values.Select(e => e.Instance.GetStatistics()).OrderBy(s => s.Instance, StringComparer.Ordinal).ToImmutableArray(),
        _dispatcher.Drops.Snapshot());

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        // Priority 0 first: nothing else may delay the handover. Tracker results after this reach no instance.
        await StopAsync().ConfigureAwait(false);
        await _tracking.DisposeAsync().ConfigureAwait(false);
        _disposed = true;
        lock (_pendingLinks)
        {
            foreach (var t in _pendingLinks.Values) t.Dispose();
            _pendingLinks.Clear();
        }
        await _notify.DisposeAsync().ConfigureAwait(false);
        _runtime.Dispose();
        _network.InterfaceStateChanged -= OnInterfaceStateChanged;
        _network.NetworkChanged -= _staticEntries.OnNetworkChanged;
        _network.NetworkChanged -= _virtualAddresses.OnNetworkChanged;
        _announcer.Dispose();
        _network.Dispose();
        _events?.Writer.TryComplete();
        await _eventPump.ConfigureAwait(false);
        _ownedTime?.Dispose();
    }

    /// <summary>Instances whose identity differs cannot be updated in place: their sockets or their peers' view change.</summary>
    internal static bool SameIdentity(VrrpInstanceOptions a, VrrpInstanceOptions b) =>
        a.Interface == b.Interface
        && a.VirtualRouterId == b.VirtualRouterId
        && a.Version == b.Version
        && a.EffectiveFamily == b.EffectiveFamily
        && Equals(a.SourceAddress, b.SourceAddress)
        && a.UnicastPeers.Equals(b.UnicastPeers)
        && a.EffectiveMulticastGroup.Equals(b.EffectiveMulticastGroup)
        && Equals(a.Authentication, b.Authentication)
        && a.ChecksumMode == b.ChecksumMode
        && Equals(a.Vmac, b.Vmac);

    private Entry CreateEntry(string name, VrrpInstanceOptions options)
    {
        // The VMAC first: the transport binds to it and the VIPs go on it.
        _network.Vmacs.Ensure(options);
        var transport = _network.CreateTransport(options);
        var instance = new VrrpInstance(name, options, _time, transport, _network.Addresses, _announcer, _listener, _loggerFactory.CreateLogger("LvsDirector.Vrrp.Instance"), _network.Routes);
        instance.SetInterfaceState(_network.IsInterfaceUp(options.Interface) || options.DontTrackPrimary);
        // With a VMAC the peer's adverts carry our own virtual MAC, and the macvlan driver hands such frames to the macvlan only.
        var listening = _network.Listen(options.TransmitInterface, options.EffectiveFamily, options.IsUnicast ? null : options.EffectiveMulticastGroup, _dispatcher);
        instance.Reception = listening;
        return new Entry(instance, transport, listening, options);
    }

    private void StopEntry(Entry entry, string reason = "shutdown")
    {
        entry.Instance.Stop(reason);
        entry.Instance.Dispose();
        entry.Listening.Dispose();
        (entry.Transport as IDisposable)?.Dispose();
        _network.Vmacs.Release(entry.Options);
    }

    /// <summary>Every virtual address of the instances that run with no_accept and do not own their addresses.</summary>
    internal static IReadOnlyCollection<System.Net.IPAddress> NoAcceptAddresses(VrrpOptions options) =>
        options.Instances.Values
            .Where(i => !VrrpStrictMode.EffectiveAccept(options.Strict, i) && i.Priority != 255)
            .SelectMany(i => i.VirtualAddresses.Concat(i.ExcludedVirtualAddresses))
            .Select(a => a.Address)
            .ToHashSet();

    /// <summary>static_ipaddress/static_routes/static_rules: set whatever the VRRP state; only the difference between two configurations is applied.</summary>
    private void ApplyStatic(StaticNetworkOptions old, StaticNetworkOptions next)
    {
        if (old.Equals(next)) return;
        const string Owner = "static";
        var removedAddresses = old.Addresses.Where(a => !next.Addresses.Contains(a)).ToList();
        var removedRoutes = old.Routes.Where(r => !next.Routes.Contains(r)).ToList();
        var removedRules = old.Rules.Where(r => !next.Rules.Contains(r)).ToList();
        _network.Routes.Remove(Owner, removedRoutes, removedRules);
        foreach (var address in removedAddresses) _network.Addresses.Remove(Owner, [address], address.Device!);
        foreach (var address in next.Addresses.Where(a => !old.Addresses.Contains(a))) _network.Addresses.Add(Owner, [address], address.Device!);
        _network.Routes.Add(Owner, next.Routes.Where(r => !old.Routes.Contains(r)).ToList(), next.Rules.Where(r => !old.Rules.Contains(r)).ToList());
    }

    private void OnInterfaceStateChanged(string interfaceName, bool up)
    {
        Log.InterfaceStateChanged(_logger, interfaceName, up ? "up" : "down");
        var delay = _options.InterfaceDelays.TryGetValue(interfaceName, out var d) ? (up ? d.Up : d.Down) : TimeSpan.Zero;
        lock (_pendingLinks)
        {
            // A change that reverses a pending one cancels it: the flap is absorbed (interface_up_down_delays).
            if (_pendingLinks.Remove(interfaceName, out var pending)) pending.Dispose();
            if (delay > TimeSpan.Zero)
            {
                _pendingLinks[interfaceName] = _trackingDeps.Time.CreateTimer(_ =>
                {
                    lock (_pendingLinks) _pendingLinks.Remove(interfaceName);
                    _work.Post(() => ApplyLinkState(interfaceName, up));
                }, null, delay, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        ApplyLinkState(interfaceName, up);
    }

    private void ApplyLinkState(string interfaceName, bool up)
    {
        _tracking.SetInterfaceState(interfaceName, up);
        foreach (var entry in _entries.Values)
            if (entry.Options.Interface == interfaceName) entry.Instance.SetInterfaceState(up || entry.Options.DontTrackPrimary);
    }

    private void ApplySyncGroups(VrrpOptions options)
    {
        lock (_groups)
        {
            foreach (var name in _groups.Keys.ToList())
                if (!options.SyncGroups.ContainsKey(name)) _groups.Remove(name);
            foreach (var entry in _entries.Values) entry.Instance.SyncGroup = null;
            foreach (var (name, group) in options.SyncGroups)
            {
                // An existing group object keeps its state across reloads.
                if (!_groups.TryGetValue(name, out var runtime))
                    _groups[name] = runtime = new VrrpSyncGroup(name, _work, _loggerFactory.CreateLogger<VrrpSyncGroup>(), OnGroupStateChanged);
                runtime.SetMembers(group.Members.Where(_entries.ContainsKey).Select(m => _entries[m].Instance).ToList());
            }
        }
    }

    private void OnGroupStateChanged(VrrpSyncGroup group, VrrpState previous, VrrpState current)
    {
        if (current == VrrpState.Initialize && previous == VrrpState.Initialize) return;
        _notify.Group(group.Name, NotifyStateNames.For(current));
    }

    private void Publish(VrrpStateChange change)
    {
        // Sequence numbers are taken here, inside the instance's lock, so they follow the state machine's order.
        _notify.Instance(change.Instance, NotifyStateOf(change), change.Priority);
        if (_events is not null)
        {
            _events.Writer.TryWrite(change);
            return;
        }
        Raise(change);
    }

    /// <summary>
    /// keepalived's word for a transition: an instance removed by a reload is reported FAULT, or DELETED with
    /// notify_deleted (its options are still the old ones here: the dispatcher is reconfigured afterwards).
    /// </summary>
    private string NotifyStateOf(VrrpStateChange change)
    {
        if (change.Current != VrrpState.Initialize || change.Reason != VrrpInstance.DeletedReason) return NotifyStateNames.For(change.Current);
        var notify = _options.Instances.TryGetValue(change.Instance, out var o) ? o.Notify : new VrrpNotifyOptions();
        return notify.ReportDeleted || notify.Deleted is not null ? NotifyStateNames.Deleted : NotifyStateNames.Fault;
    }

    /// <summary>notify_priority_changes: the instance's setting, else its sync group's, else vrrp_notify_priority_changes.</summary>
    private bool ReportsPriorityChanges(string instance)
    {
        var options = _options;
        if (!options.Instances.TryGetValue(instance, out var o)) return false;
        if (o.Notify.PriorityChanges is { } own) return own;
        var group = options.SyncGroups.Values.FirstOrDefault(g => g.Members.Contains(instance));
        return group?.Notify.PriorityChanges ?? options.Scripting.NotifyPriorityChanges;
    }

    private void Raise(VrrpStateChange change)
    {
        try
        {
            StateChanged?.Invoke(this, change);
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not stop the VRRP machinery.
            Log.ListenerFailed(_logger, change.Instance, ex);
        }
    }

    private async Task PumpEventsAsync()
    {
        await foreach (var change in _events!.Reader.ReadAllAsync().ConfigureAwait(false))
            Raise(change);
    }

    private static IVrrpNetwork CreateHostParts(ILoggerFactory loggerFactory, string? networkNamespace, out VrrpTimerThread time)
    {
        time = new VrrpTimerThread(loggerFactory.CreateLogger<VrrpTimerThread>());
        try
        {
            return new LinuxVrrpNetwork(loggerFactory, networkNamespace);
        }
        catch
        {
            time.Dispose();
            throw;
        }
    }

    private sealed record Entry(VrrpInstance Instance, IVrrpTransport Transport, IVrrpListener Listening, VrrpInstanceOptions Options);

    private sealed class StateListener(VrrpRouter router) : IVrrpStateListener
    {
        public void OnStateChanged(VrrpStateChange change) => router.Publish(change);

        public void OnMasterReceivedLowerPriority(string instance, int priority, System.Net.IPAddress source) =>
            router._notify.Instance(instance, NotifyStateNames.MasterReceivedLowerPriority, priority);

        public void OnPriorityChanged(string instance, VrrpState state, int priority)
        {
            if (router.ReportsPriorityChanges(instance))
                router._notify.Instance(instance, state == VrrpState.Master ? NotifyStateNames.MasterPriority : NotifyStateNames.BackupPriority, priority);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.InstanceAdded, LogLevel.Information, "({Instance}) added on {Interface}, VRID {Vrid}")]
        public static partial void InstanceAdded(ILogger logger, string instance, string @interface, int vrid);

        [LoggerMessage(EventIds.InstanceRemoved, LogLevel.Information, "({Instance}) removed")]
        public static partial void InstanceRemoved(ILogger logger, string instance);

        [LoggerMessage(EventIds.InstanceRestarted, LogLevel.Information, "({Instance}) restarted: its interface, VRID, version, family, transport or authentication changed")]
        public static partial void InstanceRestarted(ILogger logger, string instance);

        [LoggerMessage(EventIds.ListenerFailed, LogLevel.Error, "({Instance}) a state change subscriber failed")]
        public static partial void ListenerFailed(ILogger logger, string instance, Exception exception);

        [LoggerMessage(EventIds.InterfaceStateChanged, LogLevel.Information, "Netlink reports {Interface} {State}")]
        public static partial void InterfaceStateChanged(ILogger logger, string @interface, string state);
    }
}
