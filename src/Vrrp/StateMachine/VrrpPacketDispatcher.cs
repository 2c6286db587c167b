using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// Turns what the sockets read into adverts for instances: IPv4 header, codec (length, version,
/// type, checksum), then the instance by interface, family and VRID. What cannot be attributed to an
/// instance is counted here; instance-level checks are counted by the instance.
/// </summary>
internal sealed partial class VrrpPacketDispatcher : IVrrpPacketSink
{
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(1);

    // One per receive thread: each reads one interface and family, and repeats the same adverts.
    [ThreadStatic]
    private static DecodedAdvertisementCache? t_decoded;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VrrpDropCounters _drops = new();
    private long _lastLog;
    private long _suppressed;
    private volatile ImmutableDictionary<(string Interface, AddressFamily Family, byte Vrid), ImmutableArray<VrrpInstance>> _routes =
        ImmutableDictionary<(string, AddressFamily, byte), ImmutableArray<VrrpInstance>>.Empty;

    public VrrpPacketDispatcher(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Drops that no instance could be charged with.</summary>
    public VrrpDropCounters Drops => _drops;

    /// <summary>Replaces the routing table with the given instances (atomic for the receive threads).</summary>
    public void SetInstances(IEnumerable<VrrpInstance> instances)
    {
        _routes = instances
            .GroupBy(i => (i.Options.TransmitInterface, i.Options.EffectiveFamily, (byte)i.Options.VirtualRouterId))
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray());
    }

    public void OnIpv4Datagram(string interfaceName, ReadOnlySpan<byte> datagram)
    {
        var status = VrrpIpv4Datagram.TryUnwrap(datagram, out var header, out var offset, out var length, out var ahLength);
        if (status != VrrpIpv4DatagramStatus.Success)
        {
            Drop(status == VrrpIpv4DatagramStatus.Truncated ? VrrpDropReason.Truncated : VrrpDropReason.InvalidIpHeader, interfaceName, default);
            return;
        }
        Span<byte> src = stackalloc byte[4];
        Span<byte> dst = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(src, header.SourceAddress);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(dst, header.DestinationAddress);
        Deliver(interfaceName, datagram.Slice(offset, length), AddressFamily.InterNetwork, src, dst, header.TimeToLive, ahLength > 0, datagram);
    }

    public void OnIpv6Packet(string interfaceName, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int hopLimit)
    {
        if (source.Length != 16 || destination.Length != 16)
        {
            Drop(VrrpDropReason.InvalidIpHeader, interfaceName, default);
            return;
        }
        Deliver(interfaceName, payload, AddressFamily.InterNetworkV6, source, destination, hopLimit, false, default);
    }

    private void Deliver(string interfaceName, ReadOnlySpan<byte> payload, AddressFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int ttl, bool hadAh, ReadOnlySpan<byte> ipDatagram)
    {
        var cache = t_decoded ??= new DecodedAdvertisementCache();
        var decoded = cache.Find(payload, source, destination);
        if (decoded is null)
        {
            var status = VrrpPacketCodec.TryDecode(payload, family, source, destination, out var advert, out var mode);
            if (status != VrrpDecodeStatus.Success)
            {
                Drop(DropReason(status), interfaceName, source);
                return;
            }
            decoded = cache.Store(payload, source, destination, advert!, mode);
        }

        var sourceAddress = decoded.Source;
        if (!_routes.TryGetValue((interfaceName, family, decoded.Advertisement.VirtualRouterId), out var candidates))
        {
            Drop(VrrpDropReason.UnknownVirtualRouterId, interfaceName, source);
            return;
        }
        var target = candidates.Length == 1 ? candidates[0] : SelectBySource(candidates, sourceAddress);
        // An AH whose ICV or SPI does not verify with the instance's key counts as no AH: the instance then
        // drops the advert as an authentication mismatch (RFC 2402 §3.4.4). One that does carries its
        // sequence number to the instance's replay audit.
        uint sequence = 0;
        if (hadAh)
        {
            hadAh = target.AuthenticationKey is { } key && VrrpAuthenticationHeader.Verify(ipDatagram, key, target.Options.IsUnicast);
            if (hadAh) sequence = VrrpAuthenticationHeader.ReadSequence(ipDatagram);
        }
        var received = new ReceivedAdvertisement(decoded.Advertisement, sourceAddress, decoded.Destination, ttl, decoded.ChecksumMode, hadAh, sequence);
        target.OnAdvertisement(received);
    }

    /// <summary>Several instances may share a VRID on one interface with disjoint unicast peers: pick by source.</summary>
    private static VrrpInstance SelectBySource(ImmutableArray<VrrpInstance> candidates, IPAddress source)
    {
        foreach (var candidate in candidates)
            if (candidate.Options.UnicastPeers.Any(p => p.Address.Equals(source))) return candidate;
        return candidates[0];
    }

    private static VrrpDropReason DropReason(VrrpDecodeStatus status) => status switch
    {
        VrrpDecodeStatus.Truncated => VrrpDropReason.Truncated,
        VrrpDecodeStatus.Oversized => VrrpDropReason.Oversized,
        VrrpDecodeStatus.UnsupportedVersion => VrrpDropReason.VersionMismatch,
        VrrpDecodeStatus.UnsupportedType => VrrpDropReason.UnsupportedType,
        VrrpDecodeStatus.BadChecksum => VrrpDropReason.BadChecksum,
        VrrpDecodeStatus.InvalidVirtualRouterId => VrrpDropReason.UnknownVirtualRouterId,
        _ => VrrpDropReason.AddressFamilyMismatch,
    };

    /// <summary>Counts a drop; <paramref name="source"/> (empty if unknown) becomes an address only when logged, so a flood allocates nothing.</summary>
    private void Drop(VrrpDropReason reason, string interfaceName, ReadOnlySpan<byte> source)
    {
        _drops.Increment(reason);
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLog);
        if (last != 0 && _time.GetElapsedTime(last, now) < DropLogInterval)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        Interlocked.Exchange(ref _lastLog, now);
        Log.PacketDropped(_logger, interfaceName, source.Length is 4 or 16 ? new IPAddress(source).ToString() : "?", reason, Interlocked.Exchange(ref _suppressed, 0));
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PacketDropped, LogLevel.Warning, "{Interface}: dropped VRRP packet from {Source}: {Reason} ({Suppressed} more since the last report)")]
        public static partial void PacketDropped(ILogger logger, string @interface, string source, VrrpDropReason reason, long suppressed);
    }
}
