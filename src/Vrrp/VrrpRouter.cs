using System.Collections.Immutable;
using System.Threading.Channels;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.StateMachine;
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
    private ImmutableDictionary<string, Entry> _entries = ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal);
    private VrrpOptions _options = new();
    private bool _disposed;

    /// <summary>
    /// A router on this host's network stack, its timers on a dedicated high-priority thread.
    /// <paramref name="networkNamespace"/> (keepalived's <c>net_namespace</c>) names a namespace in
    /// /run/netns in which every socket is opened; null = the process's namespace.
    /// </summary>
    public VrrpRouter(ILoggerFactory? loggerFactory = null, string? networkNamespace = null)
        : this(CreateHostParts(loggerFactory ?? NullLoggerFactory.Instance, networkNamespace, out var time), time, loggerFactory ?? NullLoggerFactory.Instance, synchronousEvents: false)
    {
        _ownedTime = time;
    }

    internal VrrpRouter(IVrrpNetwork network, TimeProvider time, ILoggerFactory loggerFactory, bool synchronousEvents)
    {
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
        _network.InterfaceStateChanged += OnInterfaceStateChanged;
    }

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
                StopEntry(entry);
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
            foreach (var entry in toStart) entry.Instance.Start();
            _options = options;
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
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _network.InterfaceStateChanged -= OnInterfaceStateChanged;
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
        instance.SetInterfaceState(_network.IsInterfaceUp(options.Interface));
        // With a VMAC the peer's adverts carry our own virtual MAC, and the macvlan driver hands such frames to the macvlan only.
        var listening = _network.Listen(options.TransmitInterface, options.EffectiveFamily, options.IsUnicast ? null : options.EffectiveMulticastGroup, _dispatcher);
        return new Entry(instance, transport, listening, options);
    }

    private void StopEntry(Entry entry)
    {
        entry.Instance.Stop();
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
        foreach (var entry in _entries.Values)
            if (entry.Options.Interface == interfaceName) entry.Instance.SetInterfaceState(up);
    }

    private void Publish(VrrpStateChange change)
    {
        if (_events is not null)
        {
            _events.Writer.TryWrite(change);
            return;
        }
        Raise(change);
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

    private sealed record Entry(VrrpInstance Instance, IVrrpTransport Transport, IDisposable Listening, VrrpInstanceOptions Options);

    private sealed class StateListener(VrrpRouter router) : IVrrpStateListener
    {
        public void OnStateChanged(VrrpStateChange change) => router.Publish(change);
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
