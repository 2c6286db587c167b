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
            Drop(status == VrrpIpv4DatagramStatus.Truncated ? VrrpDropReason.Truncated : VrrpDropReason.InvalidIpHeader, interfaceName, null);
            return;
        }
        Span<byte> src = stackalloc byte[4];
        Span<byte> dst = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(src, header.SourceAddress);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(dst, header.DestinationAddress);
        Deliver(interfaceName, datagram.Slice(offset, length), AddressFamily.InterNetwork, src, dst, header.TimeToLive, ahLength > 0, datagram);
    }

    public void OnIpv6Packet(string interfaceName, ReadOnlySpan<byte> payload, IPAddress source, IPAddress destination, int hopLimit)
    {
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        if (!source.TryWriteBytes(src, out var sl) || sl != 16 || !destination.TryWriteBytes(dst, out var dl) || dl != 16)
        {
            Drop(VrrpDropReason.InvalidIpHeader, interfaceName, source);
            return;
        }
        Deliver(interfaceName, payload, AddressFamily.InterNetworkV6, src, dst, hopLimit, false, default);
    }

    private void Deliver(string interfaceName, ReadOnlySpan<byte> payload, AddressFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int ttl, bool hadAh, ReadOnlySpan<byte> ipDatagram)
    {
        var status = VrrpPacketCodec.TryDecode(payload, family, source, destination, out var advert, out var mode);
        if (status != VrrpDecodeStatus.Success)
        {
            Drop(status switch
            {
                VrrpDecodeStatus.Truncated => VrrpDropReason.Truncated,
                VrrpDecodeStatus.Oversized => VrrpDropReason.Oversized,
                VrrpDecodeStatus.UnsupportedVersion => VrrpDropReason.VersionMismatch,
                VrrpDecodeStatus.UnsupportedType => VrrpDropReason.UnsupportedType,
                VrrpDecodeStatus.BadChecksum => VrrpDropReason.BadChecksum,
                VrrpDecodeStatus.InvalidVirtualRouterId => VrrpDropReason.UnknownVirtualRouterId,
                _ => VrrpDropReason.AddressFamilyMismatch,
            }, interfaceName, new IPAddress(source));
            return;
        }

        var sourceAddress = new IPAddress(source);
        if (!_routes.TryGetValue((interfaceName, family, advert!.VirtualRouterId), out var candidates))
        {
            Drop(VrrpDropReason.UnknownVirtualRouterId, interfaceName, sourceAddress);
            return;
        }
        // Several instances may share a VRID on one interface with disjoint unicast peers: pick by source.
        var target = candidates[0];
        if (candidates.Length > 1)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Options.UnicastPeers.Any(p => p.Address.Equals(sourceAddress)))
                {
                    target = candidate;
                    break;
                }
            }
        }
        // An AH whose ICV does not verify with the instance's key counts as no AH: the instance then
        // drops the advert as an authentication mismatch (RFC 2402 §3.4.4).
        if (hadAh && target.Options.Authentication is { Type: VrrpAuthenticationType.IpAuthenticationHeader } auth)
            hadAh = VrrpAuthenticationHeader.Verify(ipDatagram, VrrpAuthenticationHeader.Key(auth.Password), target.Options.IsUnicast);
        var received = new ReceivedAdvertisement(advert, sourceAddress, new IPAddress(destination), ttl, mode, hadAh);
        target.OnAdvertisement(received);
    }

    private void Drop(VrrpDropReason reason, string interfaceName, IPAddress? source)
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
        Log.PacketDropped(_logger, interfaceName, source?.ToString() ?? "?", reason, Interlocked.Exchange(ref _suppressed, 0));
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PacketDropped, LogLevel.Warning, "{Interface}: dropped VRRP packet from {Source}: {Reason} ({Suppressed} more since the last report)")]
        public static partial void PacketDropped(ILogger logger, string @interface, string source, VrrpDropReason reason, long suppressed);
    }
}
