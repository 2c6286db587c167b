using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Netlink;

internal static partial class IpvsMessageCodec
{
    /// <summary>Nested attribute sets deeper than this are not followed (the IPVS schema nests 3 deep at most).</summary>
    public const int MaxStatsAttributes = 64;

    /// <summary>A NEW_SERVICE message from a GET_SERVICE dump or doit: genlmsghdr + IPVS_CMD_ATTR_SERVICE.</summary>
    public static bool TryDecodeService(ReadOnlySpan<byte> payload, out IpvsServiceEntry? entry) => TryDecodeService(payload, out entry, out _);

    /// <summary>As <see cref="TryDecodeService(ReadOnlySpan{byte}, out IpvsServiceEntry?)"/>; on false, <paramref name="reason"/> says why (for logs).</summary>
    public static bool TryDecodeService(ReadOnlySpan<byte> payload, out IpvsServiceEntry? entry, out string? reason)
    {
        entry = null;
        reason = "no IPVS_CMD_ATTR_SERVICE";
        if (!TryGetTopLevel(payload, IpvsAttribute.Command.Service, out var nest)) return false;
        return TryDecodeServiceAttributes(nest, out entry, out reason);
    }

    /// <summary>The attributes inside an IPVS_CMD_ATTR_SERVICE nest.</summary>
    public static bool TryDecodeServiceAttributes(ReadOnlySpan<byte> nest, out IpvsServiceEntry? entry) => TryDecodeServiceAttributes(nest, out entry, out _);

    private static bool TryDecodeServiceAttributes(ReadOnlySpan<byte> nest, out IpvsServiceEntry? entry, out string? reason)
    {
        entry = null;
        reason = null;
        ushort? af = null, protocol = null, port = null;
        uint fwmark = 0, timeout = 0, flags = 0;
        uint? netmaskNative = null, netmaskBigEndian = null;
        ReadOnlySpan<byte> address = default;
        bool hasAddress = false;
        string scheduler = "none";
        string? pe = null;
        IpvsStats? stats = null, stats64 = null;
        foreach (var a in new NetlinkAttributeReader(nest))
        {
            switch (a.Type)
            {
                case IpvsAttribute.Service.AddressFamily when a.TryGetUInt16(out var v): af = v; break;
                case IpvsAttribute.Service.Protocol when a.TryGetUInt16(out var v): protocol = v; break;
                case IpvsAttribute.Service.Address: address = a.Payload; hasAddress = true; break;
                case IpvsAttribute.Service.Port when a.TryGetBigEndianUInt16(out var v): port = v; break;
                case IpvsAttribute.Service.FirewallMark when a.TryGetUInt32(out var v): fwmark = v; break;
                case IpvsAttribute.Service.SchedulerName: scheduler = a.GetString(); break;
                case IpvsAttribute.Service.Flags when a.TryGetUInt32(out var v): flags = v; break; // first u32 of ip_vs_flags
                case IpvsAttribute.Service.Timeout when a.TryGetUInt32(out var v): timeout = v; break;
                case IpvsAttribute.Service.Netmask when a.TryGetUInt32(out var v):
                    netmaskNative = v;
                    a.TryGetBigEndianUInt32(out var be);
                    netmaskBigEndian = be;
                    break;
                case IpvsAttribute.Service.PersistenceEngine: pe = a.GetString(); break;
                case IpvsAttribute.Service.Stats: stats = DecodeStats(a.Payload); break;
                case IpvsAttribute.Service.Stats64: stats64 = DecodeStats(a.Payload); break;
            }
        }
        if (af is null || !TryFromWire(af.Value, out var family))
        {
            reason = af is null ? "no IPVS_SVC_ATTR_AF" : $"unknown address family {af} (IPVS_SVC_ATTR_AF)";
            return false;
        }
        IpvsServiceKey key;
        if (fwmark != 0)
        {
            key = IpvsServiceKey.ForFirewallMark(fwmark, family);
        }
        else
        {
            if (protocol is null || port is null || !hasAddress || !TryReadAddress(address, family, out var ip))
            {
                reason = "no IPVS_SVC_ATTR_FWMARK, and no IPVS_SVC_ATTR_PROTOCOL, IPVS_SVC_ATTR_PORT or valid IPVS_SVC_ATTR_ADDR";
                return false;
            }
            if (protocol.Value is not ((ushort)IpvsProtocol.Tcp or (ushort)IpvsProtocol.Udp or (ushort)IpvsProtocol.Sctp))
            {
                reason = $"unknown protocol {protocol} (IPVS_SVC_ATTR_PROTOCOL)";
                return false;
            }
            key = IpvsServiceKey.ForAddress((IpvsProtocol)protocol.Value, ip!, port.Value);
        }
        var service = new IpvsService
        {
            Key = key,
            Scheduler = scheduler,
            Flags = (IpvsServiceFlags)flags & IpvsServiceFlags.UserSettable,
            TimeoutSeconds = timeout,
            Netmask = (family == AddressFamily.InterNetworkV6 ? netmaskNative : netmaskBigEndian) ?? 0,
            PersistenceEngine = string.IsNullOrEmpty(pe) ? null : pe,
        };
        entry = new IpvsServiceEntry(service, stats64 ?? stats ?? IpvsStats.Empty);
        return true;
    }

    /// <summary>
    /// A NEW_DEST message from a GET_DEST dump. When IPVS_DEST_ATTR_ADDR_FAMILY is absent (kernels before
    /// 3.18) the destination has the service's family, which is what the kernel assumed.
    /// </summary>
    public static bool TryDecodeDestination(ReadOnlySpan<byte> payload, AddressFamily serviceFamily, out IpvsDestinationEntry? entry) =>
        TryDecodeDestination(payload, serviceFamily, out entry, out _);

    /// <summary>As <see cref="TryDecodeDestination(ReadOnlySpan{byte}, AddressFamily, out IpvsDestinationEntry?)"/>; on false, <paramref name="reason"/> says why (for logs).</summary>
    public static bool TryDecodeDestination(ReadOnlySpan<byte> payload, AddressFamily serviceFamily, out IpvsDestinationEntry? entry, out string? reason)
    {
        entry = TryDecodeDestination(payload, serviceFamily, withCounters: true, out var destination, out var counters, out reason)
            ? new IpvsDestinationEntry(destination!, counters.Active, counters.Inactive, counters.Persistent, counters.Stats)
            : null;
        return entry is not null;
    }

    /// <summary>
    /// A NEW_DEST message's settings only (what a reconcile compares), as <see cref="TryDecodeDestination(ReadOnlySpan{byte}, AddressFamily, out IpvsDestinationEntry?)"/>
    /// reads them: the connection counters and the statistics are skipped, not decoded (a reconcile of 100,000
    /// destinations re-reads all of them every time).
    /// </summary>
    public static bool TryDecodeDestinationSettings(ReadOnlySpan<byte> payload, AddressFamily serviceFamily, out IpvsDestination? destination) =>
        TryDecodeDestinationSettings(payload, serviceFamily, out destination, out _);

    /// <summary>As <see cref="TryDecodeDestinationSettings(ReadOnlySpan{byte}, AddressFamily, out IpvsDestination?)"/>; on false, <paramref name="reason"/> says why (for logs).</summary>
    public static bool TryDecodeDestinationSettings(ReadOnlySpan<byte> payload, AddressFamily serviceFamily, out IpvsDestination? destination, out string? reason) =>
        TryDecodeDestination(payload, serviceFamily, withCounters: false, out destination, out _, out reason);

    private readonly record struct DestinationCounters(uint Active, uint Inactive, uint Persistent, IpvsStats Stats);

    private static bool TryDecodeDestination(ReadOnlySpan<byte> payload, AddressFamily serviceFamily, bool withCounters, out IpvsDestination? destination, out DestinationCounters counters, out string? reason)
    {
        destination = null;
        counters = default;
        reason = "no IPVS_CMD_ATTR_DEST";
        if (!TryGetTopLevel(payload, IpvsAttribute.Command.Destination, out var nest)) return false;
        ReadOnlySpan<byte> address = default;
        bool hasAddress = false;
        ushort? port = null;
        ushort af = 0;
        uint fwd = 0, upper = 0, lower = 0, active = 0, inactive = 0, persistent = 0, weight = 0;
        byte tunType = 0;
        ushort tunPort = 0, tunFlags = 0;
        IpvsStats? stats = null, stats64 = null;
        foreach (var a in new NetlinkAttributeReader(nest))
        {
            switch (a.Type)
            {
                case IpvsAttribute.Destination.Address: address = a.Payload; hasAddress = true; break;
                case IpvsAttribute.Destination.Port when a.TryGetBigEndianUInt16(out var v): port = v; break;
                case IpvsAttribute.Destination.ForwardingMethod when a.TryGetUInt32(out var v): fwd = v & 0x7; break;
                case IpvsAttribute.Destination.Weight when a.TryGetUInt32(out var v): weight = v; break;
                case IpvsAttribute.Destination.UpperThreshold when a.TryGetUInt32(out var v): upper = v; break;
                case IpvsAttribute.Destination.LowerThreshold when a.TryGetUInt32(out var v): lower = v; break;
                case IpvsAttribute.Destination.ActiveConnections when a.TryGetUInt32(out var v): active = v; break;
                case IpvsAttribute.Destination.InactiveConnections when a.TryGetUInt32(out var v): inactive = v; break;
                case IpvsAttribute.Destination.PersistentConnections when a.TryGetUInt32(out var v): persistent = v; break;
                case IpvsAttribute.Destination.AddressFamily when a.TryGetUInt16(out var v): af = v; break;
                case IpvsAttribute.Destination.Stats when withCounters: stats = DecodeStats(a.Payload); break;
                case IpvsAttribute.Destination.Stats64 when withCounters: stats64 = DecodeStats(a.Payload); break;
                case IpvsAttribute.Destination.TunnelType when a.TryGetUInt8(out var v): tunType = v; break;
                case IpvsAttribute.Destination.TunnelPort when a.TryGetBigEndianUInt16(out var v): tunPort = v; break;
                case IpvsAttribute.Destination.TunnelFlags when a.TryGetUInt16(out var v): tunFlags = v; break;
            }
        }
        var family = serviceFamily;
        if (af != 0 && !TryFromWire(af, out family))
        {
            reason = $"unknown address family {af} (IPVS_DEST_ATTR_ADDR_FAMILY)";
            return false;
        }
        if (!hasAddress || port is null || !TryReadAddress(address, family, out var ip))
        {
            reason = "no IPVS_DEST_ATTR_PORT or valid IPVS_DEST_ATTR_ADDR";
            return false;
        }
        reason = null;
        destination = new IpvsDestination
        {
            Address = ip!,
            Port = port.Value,
            ForwardingMethod = (IpvsForwardingMethod)fwd,
            Weight = unchecked((int)weight),
            UpperThreshold = upper,
            LowerThreshold = lower,
            TunnelType = (IpvsTunnelType)tunType,
            TunnelPort = tunPort,
            TunnelFlags = (IpvsTunnelFlags)tunFlags,
        };
        if (withCounters) counters = new DestinationCounters(active, inactive, persistent, stats64 ?? stats ?? IpvsStats.Empty);
        return true;
    }

    /// <summary>A NEW_DAEMON message from a GET_DAEMON dump.</summary>
    public static bool TryDecodeDaemon(ReadOnlySpan<byte> payload, out IpvsSyncDaemon? daemon) => TryDecodeDaemon(payload, out daemon, out _);

    /// <summary>As <see cref="TryDecodeDaemon(ReadOnlySpan{byte}, out IpvsSyncDaemon?)"/>; on false, <paramref name="reason"/> says why (for logs).</summary>
    public static bool TryDecodeDaemon(ReadOnlySpan<byte> payload, out IpvsSyncDaemon? daemon, out string? reason)
    {
        daemon = null;
        reason = "no IPVS_CMD_ATTR_DAEMON";
        if (!TryGetTopLevel(payload, IpvsAttribute.Command.Daemon, out var nest)) return false;
        uint? state = null;
        string? ifname = null;
        uint syncId = 0;
        ushort? maxLength = null, port = null;
        byte? ttl = null;
        IPAddress? group = null;
        foreach (var a in new NetlinkAttributeReader(nest))
        {
            switch (a.Type)
            {
                case IpvsAttribute.Daemon.State when a.TryGetUInt32(out var v): state = v; break;
                case IpvsAttribute.Daemon.Interface: ifname = a.GetString(); break;
                case IpvsAttribute.Daemon.SyncId when a.TryGetUInt32(out var v): syncId = v; break;
                case IpvsAttribute.Daemon.SyncMaxLength when a.TryGetUInt16(out var v): maxLength = v; break;
                case IpvsAttribute.Daemon.McastGroup when a.Payload.Length >= 4: group = new IPAddress(a.Payload[..4]); break;
                case IpvsAttribute.Daemon.McastGroup6 when a.Payload.Length >= 16: group = new IPAddress(a.Payload[..16]); break;
                case IpvsAttribute.Daemon.McastPort when a.TryGetUInt16(out var v): port = v; break;
                case IpvsAttribute.Daemon.McastTtl when a.TryGetUInt8(out var v): ttl = v; break;
            }
        }
        if (state is not ((uint)IpvsSyncDaemonState.Master or (uint)IpvsSyncDaemonState.Backup) || ifname is null)
        {
            reason = ifname is null ? "no IPVS_DAEMON_ATTR_MCAST_IFN" : $"state {state?.ToString() ?? "missing"}, neither master nor backup (IPVS_DAEMON_ATTR_STATE)";
            return false;
        }
        reason = null;
        daemon = new IpvsSyncDaemon
        {
            State = (IpvsSyncDaemonState)state.Value,
            Interface = ifname,
            SyncId = syncId,
            MaxLength = maxLength,
            Group = group,
            Port = port,
            Ttl = ttl,
        };
        return true;
    }

    /// <summary>The SET_CONFIG reply to GET_CONFIG: absent timeouts (protocol not built) read as 0.</summary>
    public static bool TryDecodeTimeouts(ReadOnlySpan<byte> payload, out IpvsTimeouts? timeouts)
    {
        timeouts = null;
        if (!GenericNetlinkHeader.TryRead(payload, out _)) return false;
        uint tcp = 0, fin = 0, udp = 0;
        foreach (var a in new NetlinkAttributeReader(payload[GenericNetlinkHeader.Size..]))
        {
            switch (a.Type)
            {
                case IpvsAttribute.Command.TimeoutTcp when a.TryGetUInt32(out var v): tcp = v; break;
                case IpvsAttribute.Command.TimeoutTcpFin when a.TryGetUInt32(out var v): fin = v; break;
                case IpvsAttribute.Command.TimeoutUdp when a.TryGetUInt32(out var v): udp = v; break;
            }
        }
        timeouts = new IpvsTimeouts(tcp, fin, udp);
        return true;
    }

    /// <summary>The SET_INFO reply to GET_INFO.</summary>
    public static bool TryDecodeInfo(ReadOnlySpan<byte> payload, out IpvsInfo? info)
    {
        info = null;
        if (!GenericNetlinkHeader.TryRead(payload, out _)) return false;
        uint? version = null;
        uint size = 0;
        foreach (var a in new NetlinkAttributeReader(payload[GenericNetlinkHeader.Size..]))
        {
            if (a.Type == IpvsAttribute.Info.Version && a.TryGetUInt32(out var v)) version = v;
            else if (a.Type == IpvsAttribute.Info.ConnectionTableSize && a.TryGetUInt32(out var s)) size = s;
        }
        if (version is null) return false;
        info = new IpvsInfo(version.Value, size);
        return true;
    }

    /// <summary>
    /// STATS or STATS64: each counter is read at the width it was sent (u64 when 8 bytes, u32 when 4),
    /// which covers STATS' mix (u64 byte counters, u32 others) and STATS64 alike. PAD is skipped.
    /// </summary>
    public static IpvsStats DecodeStats(ReadOnlySpan<byte> nest)
    {
        var s = new ulong[11];
        int count = 0;
        foreach (var a in new NetlinkAttributeReader(nest))
        {
            if (++count > MaxStatsAttributes) break;
            if (a.Type is < 1 or > IpvsAttribute.Stats.OutByteRate) continue;
            if (a.TryGetUInt64(out var v64)) s[a.Type] = v64;
            else if (a.TryGetUInt32(out var v32)) s[a.Type] = v32;
        }
        return new IpvsStats
        {
            Connections = s[IpvsAttribute.Stats.Connections],
            InPackets = s[IpvsAttribute.Stats.InPackets],
            OutPackets = s[IpvsAttribute.Stats.OutPackets],
            InBytes = s[IpvsAttribute.Stats.InBytes],
            OutBytes = s[IpvsAttribute.Stats.OutBytes],
            ConnectionsPerSecond = s[IpvsAttribute.Stats.ConnectionRate],
            InPacketsPerSecond = s[IpvsAttribute.Stats.InPacketRate],
            OutPacketsPerSecond = s[IpvsAttribute.Stats.OutPacketRate],
            InBytesPerSecond = s[IpvsAttribute.Stats.InByteRate],
            OutBytesPerSecond = s[IpvsAttribute.Stats.OutByteRate],
        };
    }

    private static bool TryGetTopLevel(ReadOnlySpan<byte> payload, ushort type, out ReadOnlySpan<byte> nest)
    {
        nest = default;
        if (!GenericNetlinkHeader.TryRead(payload, out _)) return false;
        if (!NetlinkAttributeReader.TryFind(payload[GenericNetlinkHeader.Size..], type, out var attribute)) return false;
        nest = attribute.Payload;
        return true;
    }
}
