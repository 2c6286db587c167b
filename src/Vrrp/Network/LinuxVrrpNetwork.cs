using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Interop;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The host's network for the router: raw VRRP sockets, rtnetlink addresses, AF_PACKET GARP/NA and a
/// link-state monitor, all opened in one network namespace (the process's, or a named one). Link state
/// follows rtnetlink events (RTNLGRP_LINK); a slow poll stays as a safety net for a lost broadcast, and
/// becomes a 100 ms poll only if the event socket cannot be opened.
/// </summary>
internal sealed partial class LinuxVrrpNetwork : IVrrpNetwork
{
    private static readonly TimeSpan LinkPollInterval = TimeSpan.FromMilliseconds(100);

    // Send sockets are checked against the interfaces' addresses at most this often (and after address or link events).
    private static readonly TimeSpan SendSocketRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>The safety-net re-read of link states while events are followed.</summary>
    internal static readonly TimeSpan SafetyPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Every this many safety polls, static entries are re-checked too (events normally report their deletion).</summary>
    private const int StaticSafetyPollTicks = 10;

    /// <summary>Room for a burst of link/address/route events before the kernel drops them (then: a full re-read).</summary>
    private const int EventReceiveBuffer = 1 << 20;

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly NetworkNamespaceThread? _namespace;
    private readonly RouteNetlinkSocket _route;
    private readonly PacketFrameSender _frames;
    private readonly NetlinkVirtualAddressManager _addresses;
    private readonly NetlinkVirtualRouteManager _routes;
    private readonly SysctlManager _sysctls;
    private readonly NetlinkVmacManager _vmacs;
    private readonly NftablesAcceptFilter _acceptFilter;
    private readonly Dictionary<(string, AddressFamily), Listener> _listeners = new();
    private readonly Dictionary<string, bool> _linkStates = new(StringComparer.Ordinal);
    private readonly HashSet<PreparedVrrpTransport> _transports = new();
    private readonly Thread _linkMonitor;
    private readonly NetlinkEventSocket? _events;
    private readonly object _gate = new();
    private readonly ManualResetEventSlim _stop = new();
    private volatile bool _disposed;

    public LinuxVrrpNetwork(ILoggerFactory loggerFactory, string? networkNamespace = null)
    {
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LinuxVrrpNetwork>();
        _namespace = networkNamespace is null ? null : new NetworkNamespaceThread(networkNamespace);
        Interfaces = InNamespace(() => new InterfaceInfo());
        _route = InNamespace(() => new RouteNetlinkSocket());
        _frames = InNamespace(() => new PacketFrameSender(Interfaces));
        _addresses = new NetlinkVirtualAddressManager(_route, Interfaces, loggerFactory.CreateLogger<NetlinkVirtualAddressManager>());
        _routes = new NetlinkVirtualRouteManager(_route, Interfaces, loggerFactory.CreateLogger<NetlinkVirtualRouteManager>());
        _sysctls = new SysctlManager(new ProcSysctl(InNamespace), loggerFactory.CreateLogger<SysctlManager>());
        _vmacs = new NetlinkVmacManager(_route, Interfaces, _sysctls, loggerFactory.CreateLogger<NetlinkVmacManager>());
        StaticEntries = new NetlinkStaticEntryProbe(_route, Interfaces);
        _acceptFilter = new NftablesAcceptFilter(networkNamespace, loggerFactory.CreateLogger<NftablesAcceptFilter>());
        try
        {
            _events = InNamespace(() => new NetlinkEventSocket(NetlinkProtocol.Route, RouteEventClassifier.Groups, EventReceiveBuffer));
        }
        catch (ErrnoException ex)
        {
            Log.LinkEventsUnavailable(_logger, ex.Message);
        }
        _linkMonitor = new Thread(MonitorLinks) { IsBackground = true, Name = "vrrp-link-monitor" };
        _linkMonitor.Start();
    }

    public IVirtualAddressManager Addresses => _addresses;

    public IGratuitousFrameSender FrameSender => _frames;

    public IVirtualRouteManager Routes => _routes;

    public IVmacManager Vmacs => _vmacs;

    public IAcceptFilter AcceptFilter => _acceptFilter;

    public IStaticEntryProbe StaticEntries { get; private set; } = null!;

    internal InterfaceInfo Interfaces { get; }

    public event Action<string, bool>? InterfaceStateChanged;

    public event Action<NetworkChange>? NetworkChanged;

    public T InNamespace<T>(Func<T> create) => _namespace is null ? create() : _namespace.Run(create);

    public IVrrpTransport CreateTransport(VrrpInstanceOptions options)
    {
        PreparedVrrpTransport transport = options.Authentication?.Type == Protocol.VrrpAuthenticationType.IpAuthenticationHeader
            ? new AuthenticationHeaderVrrpTransport(options, this, _loggerFactory.CreateLogger<AuthenticationHeaderVrrpTransport>())
            : new RawVrrpTransport(options, this, _loggerFactory.CreateLogger<RawVrrpTransport>());
        lock (_gate) _transports.Add(transport);
        return transport;
    }

    /// <summary>A disposed transport is no longer refreshed.</summary>
    internal void Unregister(PreparedVrrpTransport transport)
    {
        lock (_gate) _transports.Remove(transport);
    }

    public bool IsInterfaceUp(string interfaceName)
    {
        var up = Interfaces.IsUp(interfaceName);
        // Registers the name for the monitor; only the monitor updates a known state, because it is the one that
        // raises InterfaceStateChanged: a caller that saw the change first must not make the monitor miss it.
        lock (_gate) _linkStates.TryAdd(interfaceName, up);
        return up;
    }

    public IVrrpListener Listen(string interfaceName, AddressFamily family, IPAddress? multicastGroup, IVrrpPacketSink sink)
    {
        lock (_gate)
        {
            if (!_listeners.TryGetValue((interfaceName, family), out var listener))
                _listeners[(interfaceName, family)] = listener = new Listener(this, interfaceName, family, sink);
            listener.References++;
            if (multicastGroup is not null) listener.Groups.Add(multicastGroup);
            listener.Ensure();
            return new Lease(this, listener);
        }
    }

    /// <summary>
    /// The source of adverts when none is configured: the interface's first primary IPv4 address that is
    /// not one of the instance's virtual addresses, or its first non-tentative IPv6 link-local address
    /// (RFC 5798 §5.1.2.1).
    /// </summary>
    public IPAddress? FindPrimaryAddress(VrrpInstanceOptions options)
    {
        var index = Interfaces.GetIndex(options.Interface);
        if (index == 0) return null;
        var family = options.EffectiveFamily;
        var excluded = options.VirtualAddresses.Concat(options.ExcludedVirtualAddresses).Select(v => v.Address).ToHashSet();
        var writer = new NetlinkAttributeWriter(64);
        RtnetlinkAddressMessages.WriteDump(writer, family);
        IPAddress? found = null;
        const uint Tentative = 0x40;
        _route.Dump(writer, (payload, type) =>
        {
            if (found is not null || type != RtnetlinkAddressMessages.RTM_NEWADDR) return;
            if (!RtnetlinkAddressMessages.TryReadAddress(payload, out var ifindex, out var address, out _, out var flags, out _)) return;
            if (ifindex != index || address is null || excluded.Contains(address)) return;
            if (family == AddressFamily.InterNetwork && (flags & RtnetlinkAddressMessages.IFA_F_SECONDARY) == 0)
                found = address;
            else if (family == AddressFamily.InterNetworkV6 && address.IsIPv6LinkLocal && (flags & Tentative) == 0)
                found = address;
        });
        return found;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Set();
        _events?.Wake();
        _linkMonitor.Join();
        _events?.Dispose();
        lock (_gate)
        {
            foreach (var listener in _listeners.Values) listener.Close();
            _listeners.Clear();
        }
        // Whatever a VMAC changed goes back to what it was, even if an instance was not stopped cleanly.
        _sysctls.RestoreAll();
        _frames.Dispose();
        _route.Dispose();
        Interfaces.Dispose();
        _namespace?.Dispose();
    }

    internal static void BindToDevice(Socket socket, string interfaceName) =>
        socket.SetRawSocketOption(1 /* SOL_SOCKET */, VrrpLibc.SO_BINDTODEVICE, Encoding.ASCII.GetBytes(interfaceName + "\0"));

    private void MonitorLinks()
    {
        var ticks = 0;
        var lastRefresh = Stopwatch.GetTimestamp();
        while (!_disposed)
        {
            var change = NextEvents(ref ticks);
            if (change is not null && (change.Events & (RouteEvents.Link | RouteEvents.Address)) != 0 || Stopwatch.GetElapsedTime(lastRefresh) >= SendSocketRefreshInterval)
            {
                lastRefresh = Stopwatch.GetTimestamp();
                RefreshSendSockets();
            }
            if (change is null || change.Events == RouteEvents.None) continue;
            if ((change.Events & RouteEvents.Link) != 0) CheckLinks();
            try
            {
                NetworkChanged?.Invoke(change);
            }
            catch (Exception ex)
            {
                Log.MonitorFailed(_logger, "*", ex);
            }
        }
    }

    /// <summary>
    /// Blocks until rtnetlink reports something or the safety poll is due. Without the event socket, every
    /// 100 ms counts as a link event (SIOCGIFFLAGS is cheap). An overrun means events were lost: everything is re-read.
    /// </summary>
    private NetworkChange? NextEvents(ref int ticks)
    {
        if (_events is null) return _stop.Wait(LinkPollInterval) ? null : PollTick(ref ticks);
        try
        {
            switch (_events.Wait(SafetyPollInterval))
            {
                case NetlinkWait.Received:
                    return RouteEventClassifier.Read(_events.Datagram);
                case NetlinkWait.Overrun:
                    Log.LinkEventsOverrun(_logger);
                    return NetworkChange.Everything;
                case NetlinkWait.TimedOut:
                    return PollTick(ref ticks);
                default:
                    return null;
            }
        }
        catch (ErrnoException ex)
        {
            if (_disposed) return null;
            Log.LinkEventsUnavailable(_logger, ex.Message);
            return _stop.Wait(SafetyPollInterval) ? null : NetworkChange.Everything;
        }
    }

    private static NetworkChange PollTick(ref int ticks) =>
        ++ticks % StaticSafetyPollTicks == 0 ? NetworkChange.Everything : NetworkChange.LinkPoll;

    private void CheckLinks()
    {
        List<(string Name, bool Up)> changes = new();
        lock (_gate)
        {
            foreach (var name in _linkStates.Keys.ToList())
            {
                var up = Interfaces.IsUp(name);
                if (up != _linkStates[name])
                {
                    _linkStates[name] = up;
                    changes.Add((name, up));
                }
            }
            foreach (var listener in _listeners.Values) listener.Ensure();
        }
        foreach (var (name, up) in changes)
        {
            try
            {
                InterfaceStateChanged?.Invoke(name, up);
            }
            catch (Exception ex)
            {
                Log.MonitorFailed(_logger, name, ex);
            }
        }
    }

    /// <summary>Reopens the send sockets whose source address or interface changed (here, never on the VRRP thread).</summary>
    private void RefreshSendSockets()
    {
        PreparedVrrpTransport[] transports;
        lock (_gate) transports = [.. _transports];
        foreach (var transport in transports)
        {
            try
            {
                transport.Refresh();
            }
            catch (Exception ex)
            {
                Log.MonitorFailed(_logger, "send socket refresh", ex);
            }
        }
    }

    private sealed class Listener(LinuxVrrpNetwork network, string interfaceName, AddressFamily family, IVrrpPacketSink sink)
    {
        private RawVrrpReceiver? _receiver;

        // keepalived's auth_type AH wraps IPv4 adverts in IP protocol 51, which a protocol-112 socket never sees.
        private RawVrrpReceiver? _authenticationHeaderReceiver;

        public int References { get; set; }

        public HashSet<IPAddress> Groups { get; } = new();

        /// <summary>Opens the socket if it is not open yet (the interface may appear later) and joins the groups.</summary>
        public void Ensure()
        {
            try
            {
                var index = network.Interfaces.GetIndex(interfaceName);
                if (index == 0) return;
                _receiver ??= new RawVrrpReceiver(interfaceName, family, sink, network.InNamespace(() => RawVrrpReceiver.Open(interfaceName, family)), network._loggerFactory.CreateLogger<RawVrrpReceiver>());
                foreach (var group in Groups) _receiver.Join(group, index);
                if (family == AddressFamily.InterNetwork)
                {
                    _authenticationHeaderReceiver ??= new RawVrrpReceiver(interfaceName, family, sink,
                        network.InNamespace(() => RawVrrpReceiver.Open(interfaceName, family, Protocol.VrrpPacketCodec.AuthenticationHeaderProtocolNumber)),
                        network._loggerFactory.CreateLogger<RawVrrpReceiver>(), "-ah");
                    foreach (var group in Groups) _authenticationHeaderReceiver.Join(group, index);
                }
            }
            catch (SocketException ex)
            {
                Log.ListenFailed(network._logger, interfaceName, ex.SocketErrorCode.ToString());
            }
        }

        public PendingDatagrams FindPendingDatagrams()
        {
            var pending = Pending;
            if (pending != PendingDatagrams.None) return pending;
            var read = DatagramsRead;
            PendingReceiveWork.RunOnEveryCpu();
            return Pending != PendingDatagrams.None || DatagramsRead != read ? PendingDatagrams.ReleasedByKernelWork : PendingDatagrams.None;
        }

        private PendingDatagrams Pending =>
            _receiver?.Pending is { } p and not PendingDatagrams.None ? p : _authenticationHeaderReceiver?.Pending ?? PendingDatagrams.None;

        private long DatagramsRead => (_receiver?.DatagramsRead ?? 0) + (_authenticationHeaderReceiver?.DatagramsRead ?? 0);

        public void Close()
        {
            _receiver?.Dispose();
            _receiver = null;
            _authenticationHeaderReceiver?.Dispose();
            _authenticationHeaderReceiver = null;
        }

        public (string, AddressFamily) Key => (interfaceName, family);
    }

    private sealed class Lease(LinuxVrrpNetwork network, Listener listener) : IVrrpListener
    {
        private int _disposed;

        public PendingDatagrams FindPendingDatagrams() => listener.FindPendingDatagrams();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (network._gate)
            {
                if (--listener.References > 0) return;
                listener.Close();
                network._listeners.Remove(listener.Key);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SocketError, LogLevel.Warning, "{Interface}: cannot listen for VRRP yet: {Error}")]
        public static partial void ListenFailed(ILogger logger, string @interface, string error);

        [LoggerMessage(EventIds.InterfaceStateChanged, LogLevel.Error, "{Interface}: link state handler failed")]
        public static partial void MonitorFailed(ILogger logger, string @interface, Exception exception);

        [LoggerMessage(EventIds.LinkEventsUnavailable, LogLevel.Warning, "Netlink link events unavailable ({Error}): polling link state every 100 ms")]
        public static partial void LinkEventsUnavailable(ILogger logger, string error);

        [LoggerMessage(EventIds.LinkEventsOverrun, LogLevel.Warning, "Netlink event queue overrun: re-reading every link state and static entry")]
        public static partial void LinkEventsOverrun(ILogger logger);
    }
}
