using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The part of a raw-socket transport that keeps its send socket ready: opened while the instance is
/// Backup (<see cref="Prepare"/>), so that becoming Master sends the first advert at once. Opening costs
/// socket(2), several setsockopt calls and an rtnetlink address dump, which used to add ~8 ms to the
/// failover gap. Reopened when the source address or the interface changes (<see cref="Refresh"/>, from
/// the network's monitor thread) or when a send fails. The destinations' socket addresses are built when
/// the socket is opened, so a send allocates nothing.
/// </summary>
internal abstract partial class PreparedVrrpTransport : IVrrpTransport, IDisposable
{
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private volatile SendSocket? _socket;
    private volatile bool _wanted;
    private bool _disposed;

    protected PreparedVrrpTransport(VrrpInstanceOptions options, LinuxVrrpNetwork network, ILogger logger)
    {
        Options = options;
        Network = network;
        _logger = logger;
    }

    protected VrrpInstanceOptions Options { get; }

    protected LinuxVrrpNetwork Network { get; }

    /// <summary>Whether a socket is open and ready to send.</summary>
    public bool IsPrepared => _socket is not null;

    public IPAddress? PrimaryAddress => _socket?.Source ?? Options.SourceAddress ?? Network.FindPrimaryAddress(Options);

    public void Prepare()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _wanted = true;
            if (_socket is not null) return;
            try
            {
                TryOpen(Resolve());
            }
            catch (Exception ex) when (ex is SocketException or ErrnoException)
            {
                Log.PrepareFailed(_logger, Options.Interface, ex.Message);
            }
        }
    }

    /// <summary>
    /// Reopens the socket if the source address or the interface index changed since it was opened
    /// (an address moved, the interface was recreated). Not on the VRRP thread: it dumps addresses.
    /// </summary>
    public void Refresh()
    {
        if (!_wanted) return;
        (IPAddress? Source, int Index) target;
        try
        {
            target = Resolve();
        }
        catch (Exception ex) when (ex is SocketException or ErrnoException)
        {
            Log.PrepareFailed(_logger, Options.Interface, ex.Message);
            return;
        }
        lock (_gate)
        {
            if (_disposed) return;
            if (_socket is { } current && Equals(current.Source, target.Source) && current.InterfaceIndex == target.Index) return;
            if (_socket is not null) Log.Reopening(_logger, Options.Interface, target.Source?.ToString() ?? "none");
            Close();
            try
            {
                TryOpen(target);
            }
            catch (Exception ex) when (ex is SocketException or ErrnoException)
            {
                Log.PrepareFailed(_logger, Options.Interface, ex.Message);
            }
        }
    }

    public bool Send(VrrpAdvertisement advertisement, uint authenticationSequence)
    {
        lock (_gate)
        {
            try
            {
                var socket = _socket ?? TryOpen(Resolve());
                return socket is not null && Send(socket, advertisement, authenticationSequence);
            }
            catch (Exception ex) when (ex is SocketException or ErrnoException)
            {
                Log.SendFailed(_logger, Options.Interface, ex is SocketException s ? s.SocketErrorCode.ToString() : ex.Message);
                // The source address or the interface may have changed: reopen next time.
                Close();
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
        }
        Network.Unregister(this);
    }

    /// <summary>Opens and configures the raw socket (in the router's namespace) for <paramref name="source"/> on interface <paramref name="interfaceIndex"/>.</summary>
    protected abstract Socket Open(IPAddress source, int interfaceIndex);

    /// <summary>Encodes and sends one advert to every target of <paramref name="socket"/>; called under the transport's lock.</summary>
    protected abstract bool Send(SendSocket socket, VrrpAdvertisement advertisement, uint authenticationSequence);

    private (IPAddress? Source, int Index) Resolve() =>
        (Options.SourceAddress ?? Network.FindPrimaryAddress(Options), Network.Interfaces.GetIndex(Options.TransmitInterface));

    private SendSocket? TryOpen((IPAddress? Source, int Index) target)
    {
        if (target.Source is not { } source || target.Index == 0) return null;
        var index = target.Index;
        var socket = Network.InNamespace(() => Open(source, index));
        var v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        var destinations = Options.IsUnicast ? Options.UnicastPeers.Select(p => p.Address) : [Options.EffectiveMulticastGroup];
        var targets = destinations.Select(d => new SendTarget(d, new IPEndPoint(
            v6 && (d.IsIPv6LinkLocal || d.IsIPv6Multicast) ? new IPAddress(d.GetAddressBytes(), index) : d, 0).Serialize())).ToImmutableArray();
        var ready = new SendSocket(socket, source, index, targets);
        _socket = ready;
        return ready;
    }

    private void Close()
    {
        _socket?.Socket.Dispose();
        _socket = null;
    }

    /// <summary>An open socket with the source it is bound to and where adverts go.</summary>
    protected internal sealed record SendSocket(Socket Socket, IPAddress Source, int InterfaceIndex, ImmutableArray<SendTarget> Targets);

    /// <summary>A multicast group or unicast peer, with its socket address built once.</summary>
    protected internal sealed record SendTarget(IPAddress Address, SocketAddress SocketAddress);

    private static partial class Log
    {
        [LoggerMessage(EventIds.SocketError, LogLevel.Warning, "{Interface}: VRRP send failed: {Error}")]
        public static partial void SendFailed(ILogger logger, string @interface, string error);

        [LoggerMessage(EventIds.SendSocketPrepareFailed, LogLevel.Warning, "{Interface}: cannot open the VRRP send socket yet: {Error}")]
        public static partial void PrepareFailed(ILogger logger, string @interface, string error);

        [LoggerMessage(EventIds.SendSocketReopened, LogLevel.Information, "{Interface}: source address or interface changed; reopening the VRRP send socket (source {Source})")]
        public static partial void Reopening(ILogger logger, string @interface, string source);
    }
}
