using System.Net;
using System.Net.Sockets;
using LvsDirector.Config.Model;
using LvsDirector.Config.Validation;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;
using static LvsDirector.Config.Binding.BindingHelpers;

namespace LvsDirector.Config.Binding;

/// <summary>
/// The effective model's virtual servers → IPVS services, keyed by the checker service name
/// (<see cref="LvsValidator.Describe"/>) so that health events can be applied to them. A
/// virtual_server_group expands into one service per address (ranges enumerated) and fwmark.
/// </summary>
internal static class IpvsOptionsBinder
{
    /// <summary>Largest number of addresses one virtual_server_group range may expand to.</summary>
    public const int MaxRangeAddresses = 65_536;

    /// <summary>keepalived's persistence timeout when only persistence_granularity is given.</summary>
    public const uint DefaultPersistenceTimeoutSeconds = 360;

    public static LvsBinding Bind(ConfigObject model, ConfigDiagnostics? diagnostics = null)
    {
        var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None);
        var groups = Groups(model);
        var services = new List<LvsServiceBinding>();
        foreach (var vs in model.GetObjects("virtual_server"))
        {
            var name = LvsValidator.Describe(vs);
            var protocol = vs.GetString("protocol") switch { "UDP" => IpvsProtocol.Udp, "SCTP" => IpvsProtocol.Sctp, _ => IpvsProtocol.Tcp };
            var keys = new List<(IpvsServiceKey Key, ushort? Port)>();
            if (vs.GetInteger("fwmark") is { } mark)
            {
                keys.Add((IpvsServiceKey.ForFirewallMark((uint)mark, FamilyOf(vs)), null));
            }
            else if (vs.GetString("group") is { } groupName)
            {
                if (groups.TryGetValue(groupName, out var group)) keys.AddRange(ExpandGroup(group, protocol, FamilyOf(vs), diagnostics));
            }
            else if (Address(vs, "ip") is { } ip)
            {
                keys.Add((IpvsServiceKey.ForAddress(protocol, ip, (ushort)(vs.GetInteger("port") ?? 0)), null));
            }

            // Sized once (100 real servers per virtual server in a large configuration; a growing list copied 2x).
            var reals = new List<RealServerOptions>(vs.GetItems("real_server").Count);
            foreach (var rs in vs.GetObjects("real_server"))
                if (RealServer(vs, rs) is { } real) reals.Add(real);
            RealServerOptions? sorry = null;
            if (vs.GetObject("sorry_server") is { } sorryObj && Address(sorryObj, "ip") is { } sorryIp)
            {
                sorry = Destination(vs, sorryIp, (ushort)(sorryObj.GetInteger("port") ?? vs.GetInteger("port") ?? 0), 1,
                    vs.GetString("sorry_server_lvs_method") ?? vs.GetString("lvs_method"), TunnelKeys.SorryServer);
            }
            var serviceOptions = keys.Select(k => new VirtualServiceOptions
            {
                Key = k.Key,
                Scheduler = vs.GetString("lvs_sched") ?? "wlc",
                Flags = Flags(vs),
                // persistence_granularity alone makes the service persistent with keepalived's default timeout.
                PersistenceTimeoutSeconds = vs.GetInteger("persistence_timeout") is { } t ? (uint)t
                    : vs.Contains("persistence_granularity") ? DefaultPersistenceTimeoutSeconds : null,
                PersistenceNetmask = Netmask(vs, k.Key.Family),
                PersistenceEngine = vs.GetString("persistence_engine"),
                // Group entries with a port give real servers without one that port.
                RealServers = new ValueList<RealServerOptions>(k.Port is { } p ? reals.Select(r => r.Port == 0 ? r with { Port = p } : r) : reals),
            }).ToList();
            services.Add(new LvsServiceBinding(name, serviceOptions, sorry));
        }

        var options = new IpvsOptions
        {
            Timeouts = global.GetObject("lvs_timeouts") is { } to
                ? new IpvsTimeouts((uint)(to.GetInteger("tcp") ?? 0), (uint)(to.GetInteger("tcpfin") ?? 0), (uint)(to.GetInteger("udp") ?? 0))
                : null,
            SyncDaemons = new ValueList<IpvsSyncDaemon>(SyncDaemons(model, global)),
            FlushOnStart = global.GetBool("lvs_flush"),
            FlushOnStop = global.GetBool("lvs_flush_on_stop"),
            DeleteOwnedServicesOnStop = global.GetString("lvs_flush_on_stop") == "VS",
        };
        return new LvsBinding(options, services);
    }

    /// <summary>
    /// <c>lvs_sync_daemon</c>, or else the deprecated <c>lvs_sync_daemon_interface</c> of a vrrp_instance. Both
    /// directions run on every director, whatever the VRRP instance's state (keepalived instead switches one daemon
    /// for the other when the instance changes state): the new master already sends, and the backup has received
    /// every connection until then, so a failover restarts no daemon. The instance gives the default sync id, its
    /// virtual_router_id, as in keepalived.
    /// </summary>
    private static IEnumerable<IpvsSyncDaemon> SyncDaemons(ConfigObject model, ConfigObject global)
    {
        var sd = global.GetObject("lvs_sync_daemon");
        var iface = sd?.GetString("interface");
        var instanceName = sd?.GetString("instance");
        if (iface is null)
        {
            var legacy = model.GetObjects("vrrp_instance").FirstOrDefault(vi => vi.GetString("lvs_sync_daemon_interface") is not null);
            if (legacy is null) yield break;
            iface = legacy.GetString("lvs_sync_daemon_interface")!;
            instanceName = legacy.GetString("name");
        }
        var instance = instanceName is null ? null : model.GetObjects("vrrp_instance").FirstOrDefault(vi => vi.GetString("name") == instanceName);
        var syncId = sd?.GetInteger("id") ?? instance?.GetInteger("virtual_router_id") ?? 0;
        foreach (var state in new[] { IpvsSyncDaemonState.Master, IpvsSyncDaemonState.Backup })
        {
            yield return new IpvsSyncDaemon
            {
                State = state,
                Interface = iface,
                SyncId = (uint)syncId,
                MaxLength = sd?.GetInteger("maxlen") is { } ml ? (ushort)ml : null,
                Group = sd is null ? null : Address(sd, "group"),
                Port = sd?.GetInteger("port") is { } port ? (ushort)port : null,
                Ttl = sd?.GetInteger("ttl") is { } ttl ? (byte)ttl : null,
            };
        }
    }

    private static AddressFamily FamilyOf(ConfigObject vs)
    {
        if (vs.GetString("ip_family") == "inet6") return AddressFamily.InterNetworkV6;
        var first = vs.GetObjects("real_server").Select(r => Address(r, "ip")).FirstOrDefault(a => a is not null);
        return first?.AddressFamily ?? AddressFamily.InterNetwork;
    }

    private static IpvsServiceFlags Flags(ConfigObject vs)
    {
        var flags = IpvsServiceFlags.None;
        if (vs.GetBool("flag-1") || vs.GetBool("sh-fallback") || vs.GetBool("mh-fallback")) flags |= IpvsServiceFlags.Scheduler1;
        if (vs.GetBool("flag-2") || vs.GetBool("sh-port") || vs.GetBool("mh-port")) flags |= IpvsServiceFlags.Scheduler2;
        if (vs.GetBool("flag-3")) flags |= IpvsServiceFlags.Scheduler3;
        // LvsValidator has dropped ops where keepalived resets it (a virtual server by address that is not UDP).
        if (vs.GetBool("ops")) flags |= IpvsServiceFlags.OnePacket;
        return flags;
    }

    private static uint? Netmask(ConfigObject vs, AddressFamily family)
    {
        switch (vs["persistence_granularity"])
        {
            case ConfigInteger bits:
                if (family == AddressFamily.InterNetworkV6) return (uint)bits.Value;
                return bits.Value >= 32 ? uint.MaxValue : uint.MaxValue << (int)(32 - bits.Value);
            case ConfigString mask when IPAddress.TryParse(mask.Value, out var m):
                var b = m.GetAddressBytes();
                return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
            default:
                return null;
        }
    }

    private static RealServerOptions? RealServer(ConfigObject vs, ConfigObject rs)
    {
        if (Address(rs, "ip") is not { } ip) return null;
        var method = rs.GetString("lvs_method") ?? vs.GetString("lvs_method");
        var tunnelSource = rs.GetString("lvs_method") is not null ? rs : vs;
        return Destination(tunnelSource, ip, (ushort)(rs.GetInteger("port") ?? 0), Int(rs, "weight") ?? 1, method, TunnelKeys.RealServer,
            (uint)(rs.GetInteger("uthreshold") ?? 0), (uint)(rs.GetInteger("lthreshold") ?? 0));
    }

    /// <summary>The model keys of a destination's tunnel settings (names built once, not per real server).</summary>
    private sealed record TunnelKeys(string Type, string Port, string Checksum)
    {
        public static readonly TunnelKeys RealServer = new("tunnel_type", "tunnel_port", "tunnel_checksum");
        public static readonly TunnelKeys SorryServer = new("sorry_server_tunnel_type", "sorry_server_tunnel_port", "sorry_server_tunnel_checksum");
    }

    private static RealServerOptions Destination(ConfigObject tunnelSource, IPAddress ip, ushort port, int weight, string? method, TunnelKeys tunnel,
        uint upperThreshold = 0, uint lowerThreshold = 0) => new()
    {
        Address = ip,
        Port = port,
        Weight = weight,
        UpperThreshold = upperThreshold,
        LowerThreshold = lowerThreshold,
        ForwardingMethod = method switch
        {
            "DR" => IpvsForwardingMethod.DirectRoute,
            "TUN" => IpvsForwardingMethod.Tunnel,
            _ => IpvsForwardingMethod.Masquerade,
        },
        TunnelType = tunnelSource.GetString(tunnel.Type) switch { "gue" => IpvsTunnelType.Gue, "gre" => IpvsTunnelType.Gre, _ => IpvsTunnelType.IpIp },
        TunnelPort = (ushort)(tunnelSource.GetInteger(tunnel.Port) ?? 0),
        TunnelFlags = tunnelSource.GetString(tunnel.Checksum) switch
        {
            "csum" => IpvsTunnelFlags.Checksum,
            "remcsum" => IpvsTunnelFlags.RemoteChecksum,
            _ => IpvsTunnelFlags.None,
        },
    };

    /// <summary>The virtual_server_groups by name (the last of a name defined twice, which the validator reports).</summary>
    internal static Dictionary<string, ConfigObject> Groups(ConfigObject model) =>
        model.GetObjects("virtual_server_group").Where(g => g.GetString("name") is not null)
            .GroupBy(g => g.GetString("name")!).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Every address of a group's address entries (ranges enumerated); fwmark entries have none.</summary>
    internal static IEnumerable<IPAddress> GroupAddresses(ConfigObject group) =>
        group.GetItems("entries").OfType<ConfigObject>().Where(e => e.GetInteger("fwmark") is null).SelectMany(e => Addresses(e, diagnostics: null));

    private static IEnumerable<(IpvsServiceKey, ushort?)> ExpandGroup(ConfigObject group, IpvsProtocol protocol, AddressFamily fwmarkFamily, ConfigDiagnostics? diagnostics)
    {
        foreach (var entry in group.GetItems("entries").OfType<ConfigObject>())
        {
            if (entry.GetInteger("fwmark") is { } mark)
            {
                var family = entry.GetString("family") == "inet6" ? AddressFamily.InterNetworkV6 : fwmarkFamily;
                yield return (IpvsServiceKey.ForFirewallMark((uint)mark, family), null);
                continue;
            }
            var port = (ushort)(entry.GetInteger("port") ?? 0);
            foreach (var address in Addresses(entry, diagnostics))
                yield return (IpvsServiceKey.ForAddress(protocol, address, port), port == 0 ? null : port);
        }
    }

    private static IEnumerable<IPAddress> Addresses(ConfigObject entry, ConfigDiagnostics? diagnostics)
    {
        if (entry.GetString("prefix") is { } prefix)
        {
            var network = IPNetwork.Parse(prefix);
            var bits = (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) - network.PrefixLength;
            if (bits > 16)
            {
                diagnostics?.Error(entry.Location, $"virtual_server_group: {prefix} holds more than {MaxRangeAddresses} addresses: not expanded");
                yield break;
            }
            foreach (var a in Range(network.BaseAddress, 1 << bits)) yield return a;
            yield break;
        }
        if (Address(entry, "ip") is not { } start) yield break;
        if (Address(entry, "range_end") is not { } end)
        {
            yield return start;
            yield break;
        }
        var count = Distance(start, end) + 1;
        if (count > MaxRangeAddresses)
        {
            diagnostics?.Error(entry.Location, $"virtual_server_group: range {start}-{end} holds more than {MaxRangeAddresses} addresses: not expanded");
            yield break;
        }
        foreach (var a in Range(start, (int)count)) yield return a;
    }

    private static System.Numerics.BigInteger ToInteger(IPAddress a) =>
        new(a.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static long Distance(IPAddress a, IPAddress b)
    {
        var d = ToInteger(b) - ToInteger(a);
        return d < 0 ? -1 : d > int.MaxValue ? int.MaxValue : (long)d;
    }

    private static IEnumerable<IPAddress> Range(IPAddress start, int count)
    {
        var length = start.GetAddressBytes().Length;
        var value = ToInteger(start);
        for (var i = 0; i < count; i++)
        {
            var bytes = (value + i).ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[length];
            Array.Copy(bytes, Math.Max(0, bytes.Length - length), padded, Math.Max(0, length - bytes.Length), Math.Min(length, bytes.Length));
            yield return new IPAddress(padded);
        }
    }
}
