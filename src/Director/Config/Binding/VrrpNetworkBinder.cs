using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Config.Model;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Config.Binding;

/// <summary>
/// The network side of the VRRP binding: virtual_routes/virtual_rules, static_ipaddress/static_routes/
/// static_rules, use_vmac, accept/no_accept (keepalived-keywords.md §7). Words the parser accepted but
/// that have no kernel meaning here are skipped; the library validator reports what cannot run.
/// </summary>
internal static class VrrpNetworkBinder
{
    private static readonly Dictionary<string, RouteMetric> MetricNames = new(StringComparer.Ordinal)
    {
        ["mtu"] = RouteMetric.Mtu, ["window"] = RouteMetric.Window, ["rtt"] = RouteMetric.Rtt, ["rttvar"] = RouteMetric.RttVar,
        ["ssthresh"] = RouteMetric.SsThresh, ["cwnd"] = RouteMetric.Cwnd, ["advmss"] = RouteMetric.AdvMss, ["reordering"] = RouteMetric.Reordering,
        ["hoplimit"] = RouteMetric.HopLimit, ["initcwnd"] = RouteMetric.InitCwnd, ["features"] = RouteMetric.Features, ["rto_min"] = RouteMetric.RtoMin,
        ["initrwnd"] = RouteMetric.InitRwnd, ["quickack"] = RouteMetric.QuickAck, ["fastopen_no_cookie"] = RouteMetric.FastOpenNoCookie,
    };

    private static readonly Dictionary<string, byte> ProtocolNames = new(StringComparer.Ordinal)
    {
        ["redirect"] = 1, ["kernel"] = 2, ["boot"] = 3, ["static"] = 4, ["gated"] = 8, ["ra"] = 9, ["mrt"] = 10, ["zebra"] = 11,
        ["bird"] = 12, ["dnrouted"] = 13, ["xorp"] = 14, ["ntk"] = 15, ["dhcp"] = 16, ["keepalived"] = 18, ["babel"] = 42,
        ["bgp"] = 186, ["isis"] = 187, ["ospf"] = 188, ["rip"] = 189, ["eigrp"] = 192,
    };

    private static readonly Dictionary<string, byte> ScopeNames = new(StringComparer.Ordinal)
    {
        ["global"] = 0, ["universe"] = 0, ["site"] = 200, ["link"] = 253, ["host"] = 254, ["nowhere"] = 255,
    };

    private static readonly Dictionary<string, byte> IpProtocolNames = new(StringComparer.Ordinal)
    {
        ["icmp"] = 1, ["tcp"] = 6, ["udp"] = 17, ["ipv6-icmp"] = 58, ["icmpv6"] = 58, ["sctp"] = 132, ["gre"] = 47, ["esp"] = 50, ["ah"] = 51,
    };

    public static StaticNetworkOptions BindStatic(ConfigObject model, ConfigObject global)
    {
        var defaultDevice = global.GetString("default_interface") ?? "eth0";
        return new StaticNetworkOptions
        {
            Addresses = new(VrrpOptionsBinder.Addresses(model, "static_ipaddress").Select(a => a.Device is null ? a with { Device = defaultDevice } : a)),
            Routes = Routes(model, "static_routes"),
            Rules = Rules(model, "static_rules"),
        };
    }

    public static EquatableArray<VirtualRouteOptions> Routes(ConfigObject block, string key) =>
        new(block.GetItems(key).OfType<ConfigObject>().Select(Route).OfType<VirtualRouteOptions>());

    public static EquatableArray<VirtualRuleOptions> Rules(ConfigObject block, string key) =>
        new(block.GetItems(key).OfType<ConfigObject>().Select(Rule).OfType<VirtualRuleOptions>());

    /// <summary>
    /// <c>use_vmac [name] [MAC]</c> plus <c>vmac_xmit_base</c>; null without use_vmac. An unnamed VMAC is
    /// called <c>PREFIX.VRID</c> with global_defs' <c>vmac_prefix</c> (default "vrrp"). A custom MAC is not supported:
    /// the RFC 5798 §7.3 address is always used.
    /// </summary>
    public static VmacOptions? Vmac(ConfigObject vi, ConfigObject global)
    {
        if (!vi.Contains("use_vmac")) return null;
        var name = vi.GetObject("use_vmac")?.GetString("name");
        if (name is null && global.GetString("vmac_prefix") is { } prefix && vi.GetInteger("virtual_router_id") is { } vrid)
            name = $"{prefix}.{vrid}";
        return new VmacOptions { Name = name, TransmitOnBase = vi.GetBool("vmac_xmit_base") };
    }

    /// <summary>accept → true, no_accept → false, neither → null (the library's default: accept unless vrrp_strict).</summary>
    public static bool? Accept(ConfigObject vi) => vi.GetBool("no_accept") ? false : vi.GetBool("accept") ? true : null;

    private static VirtualRouteOptions? Route(ConfigObject o)
    {
        var inet6 = o.GetBool("inet6");
        IPAddress destination;
        int prefix;
        if (o.GetString("to") is not { } to) return null;
        if (to == "default")
        {
            destination = inet6 || FamilyOf(o.GetString("via")) == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            prefix = 0;
        }
        else if (!TryPrefix(to, out destination, out prefix))
        {
            return null;
        }

        var nexthops = o.GetItems("nexthop").OfType<ConfigObject>().Select(h => new RouteNexthopOptions
        {
            Gateway = ParseAddress(h.GetString("via")),
            Device = h.GetString("dev"),
            Weight = (int)(h.GetInteger("weight") ?? 1),
            OnLink = h.GetBool("onlink"),
        }).ToList();
        var gateway = ParseAddress(o.GetString("via"));
        // keepalived's "via A or B": two equal-weight gateways, which the kernel holds as a multipath route.
        if (ParseAddress(o.GetString("or")) is { } alternative && gateway is not null)
        {
            nexthops.Insert(0, new RouteNexthopOptions { Gateway = gateway, Device = o.GetString("dev") });
            nexthops.Insert(1, new RouteNexthopOptions { Gateway = alternative, Device = o.GetString("dev") });
            gateway = null;
        }

        var metrics = new List<RouteMetricOptions>();
        foreach (var (name, metric) in MetricNames)
        {
            if (o.GetInteger(name) is { } value && value is >= 0 and <= uint.MaxValue) metrics.Add(new RouteMetricOptions(metric, (uint)value, o.GetBool(name + "_lock")));
        }
        // "features ecn": RTAX_FEATURE_ECN, the only feature ip(8) names.
        if (o.GetString("features") == "ecn") metrics.Add(new RouteMetricOptions(RouteMetric.Features, 1, o.GetBool("features_lock")));

        return new VirtualRouteOptions
        {
            Destination = destination,
            PrefixLength = prefix,
            Source = ParseAddress(o.GetString("src")),
            Gateway = gateway,
            Device = nexthops.Count > 0 && o.GetString("or") is not null ? null : o.GetString("dev"),
            Table = Table(o, "table"),
            Metric = o.GetInteger("priority") is { } m and >= 0 and <= uint.MaxValue ? (uint)m : null,
            Scope = Named(o, "scope", ScopeNames),
            Protocol = Named(o, "protocol", ProtocolNames),
            Type = o.GetString("type") is { } type && Enum.TryParse<RouteType>(type, ignoreCase: true, out var t) ? t : RouteType.Unicast,
            Tos = (byte)(Number(o, "tos") ?? Number(o, "dsfield") ?? 0),
            OnLink = o.GetBool("onlink"),
            Nexthops = new(nexthops),
            Metrics = new(metrics),
            NoTrack = o.GetBool("no_track"),
            TrackGroup = o.GetString("track_group"),
            Preference = o.GetString("pref") switch { "low" => RoutePreference.Low, "medium" => RoutePreference.Medium, "high" => RoutePreference.High, _ => null },
            Expires = Number(o, "expires"),
            Realms = RouteRealms(o),
            TtlPropagate = o.GetString("ttl-propagate") switch { "enabled" => true, "disabled" => false, _ => null },
            CongestionControl = o.GetString("congctl"),
            CongestionControlLocked = o.GetBool("congctl_lock"),
            Encap = Encap(o.GetObject("encap")),
            Vrf = o.GetString("vrf"),
        };
    }

    /// <summary><c>realms TO</c> or <c>realms FROM/TO</c> (RTA_FLOW: FROM &lt;&lt; 16 | TO).</summary>
    private static uint? RouteRealms(ConfigObject o)
    {
        var text = o["realms"] switch { ConfigInteger i => i.Value.ToString(CultureInfo.InvariantCulture), ConfigString s => s.Value, _ => null };
        if (text is null) return null;
        var parts = text.Split('/');
        if (parts.Length == 1) return ParseUInt(parts[0]) is { } to and <= ushort.MaxValue ? to : null;
        return ParseUInt(parts[0]) is { } from and <= ushort.MaxValue && ParseUInt(parts[1]) is { } to2 and <= ushort.MaxValue ? (from << 16) | to2 : null;
    }

    /// <summary>The <c>encap</c> object of a route line (see Parsers.EncapItem).</summary>
    private static RouteEncapOptions? Encap(ConfigObject? e)
    {
        RouteEncapType? type = e?.GetString("type") switch
        {
            "mpls" => RouteEncapType.Mpls, "ip" => RouteEncapType.Ip, "ip6" => RouteEncapType.Ip6, "seg6" => RouteEncapType.Seg6, _ => null,
        };
        if (e is null || type is null) return null;
        return new RouteEncapOptions
        {
            Type = type.Value,
            Labels = new((e.GetString("labels") ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(l => ParseUInt(l) ?? uint.MaxValue)),
            Id = ulong.TryParse(e.GetString("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
            Destination = ParseAddress(e.GetString("dst")),
            Source = ParseAddress(e.GetString("src")),
            Ttl = byte.TryParse(e.GetString("ttl") ?? e.GetString("hoplimit"), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) ? ttl : null,
            Tos = byte.TryParse(e.GetString("tos") ?? e.GetString("tc"), NumberStyles.None, CultureInfo.InvariantCulture, out var tos) ? tos : null,
            Flags = (ushort)((e.GetBool("csum") ? 0x01 : 0) | (e.GetBool("key") ? 0x04 : 0) | (e.GetBool("seq") ? 0x08 : 0)),
            Seg6Mode = type != RouteEncapType.Seg6 ? 0 : e.GetString("mode") switch { "inline" => 0, "l2encap" => 2, _ => 1 },
            Segments = new((e.GetString("segs") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => ParseAddress(s) ?? IPAddress.None)),
        };
    }

    private static VirtualRuleOptions? Rule(ConfigObject o)
    {
        IPAddress? from = null, to = null;
        int fromLength = 0, toLength = 0;
        if (o.GetString("from") is { } f && f != "all" && !TryPrefix(f, out from!, out fromLength)) return null;
        if (o.GetString("to") is { } t && t != "all" && !TryPrefix(t, out to!, out toLength)) return null;
        var family = o.GetBool("inet6") || from?.AddressFamily == AddressFamily.InterNetworkV6 || to?.AddressFamily == AddressFamily.InterNetworkV6
            ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

        var action = (o.GetString("type") ?? o.GetString("action")) switch
        {
            "blackhole" => RuleAction.Blackhole,
            "unreachable" => RuleAction.Unreachable,
            "prohibit" => RuleAction.Prohibit,
            "nop" => RuleAction.Nop,
            _ => o.Contains("goto") ? RuleAction.Goto : RuleAction.ToTable,
        };
        uint? mark = null, mask = null;
        if (o["fwmark"] is { } fwmark)
        {
            var text = fwmark is ConfigInteger i ? i.Value.ToString(CultureInfo.InvariantCulture) : (fwmark as ConfigString)?.Value ?? "";
            var parts = text.Split('/');
            mark = ParseUInt(parts[0]);
            if (parts.Length > 1) mask = ParseUInt(parts[1]);
        }
        var uid = Range(o, "uidrange");
        return new VirtualRuleOptions
        {
            Family = family,
            From = from,
            FromPrefixLength = fromLength,
            To = to,
            ToPrefixLength = toLength,
            Invert = o.GetBool("not"),
            Action = action,
            Table = Table(o, "table"),
            Preference = Number(o, "preference"),
            GotoPreference = Number(o, "goto"),
            InputInterface = o.GetString("iif"),
            OutputInterface = o.GetString("oif"),
            FirewallMark = mark,
            FirewallMask = mask,
            UidStart = uid?.Start,
            UidEnd = uid?.End,
            L3mdev = o.GetBool("l3mdev"),
            Tos = (byte)(Number(o, "tos") ?? Number(o, "dsfield") ?? 0),
            SuppressPrefixLength = Number(o, "suppress_prefixlength"),
            SuppressInterfaceGroup = Number(o, "suppress_ifgroup"),
            Realms = Number(o, "realms"),
            TunnelId = Number(o, "tun_id"),
            Protocol = Named(o, "protocol", ProtocolNames),
            IpProtocol = Named(o, "ip_proto", IpProtocolNames),
            SourcePorts = Range(o, "sport") is { } sp && sp.End <= ushort.MaxValue ? ((ushort)sp.Start, (ushort)sp.End) : null,
            DestinationPorts = Range(o, "dport") is { } dp && dp.End <= ushort.MaxValue ? ((ushort)dp.Start, (ushort)dp.End) : null,
            NoTrack = o.GetBool("no_track"),
            TrackGroup = o.GetString("track_group"),
        };
    }

    /// <summary>A table by number or by the names iproute2 always knows (main, local, default).</summary>
    private static uint? Table(ConfigObject o, string key) => o[key] switch
    {
        ConfigInteger i when i.Value is >= 0 and <= uint.MaxValue => (uint)i.Value,
        ConfigString { Value: "main" } => 254,
        ConfigString { Value: "local" } => 255,
        ConfigString { Value: "default" } => 253,
        ConfigString s => ParseUInt(s.Value),
        _ => null,
    };

    private static byte? Named(ConfigObject o, string key, Dictionary<string, byte> names) => o[key] switch
    {
        ConfigInteger i when i.Value is >= 0 and <= 255 => (byte)i.Value,
        ConfigString s when names.TryGetValue(s.Value, out var v) => v,
        ConfigString s when ParseUInt(s.Value) is { } n and <= 255 => (byte)n,
        _ => null,
    };

    private static uint? Number(ConfigObject o, string key) => o[key] switch
    {
        ConfigInteger i when i.Value is >= 0 and <= uint.MaxValue => (uint)i.Value,
        ConfigString s => ParseUInt(s.Value),
        _ => null,
    };

    /// <summary>"N" or "A-B".</summary>
    private static (uint Start, uint End)? Range(ConfigObject o, string key)
    {
        var text = o[key] switch { ConfigInteger i => i.Value.ToString(CultureInfo.InvariantCulture), ConfigString s => s.Value, _ => null };
        if (text is null) return null;
        var parts = text.Split('-');
        if (ParseUInt(parts[0]) is not { } start) return null;
        var end = parts.Length > 1 ? ParseUInt(parts[1]) : start;
        return end is null ? null : (start, end.Value);
    }

    private static uint? ParseUInt(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : null
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static IPAddress? ParseAddress(string? text) => text is not null && IPAddress.TryParse(text, out var a) ? a : null;

    private static AddressFamily? FamilyOf(string? text) => ParseAddress(text)?.AddressFamily;

    private static bool TryPrefix(string text, out IPAddress address, out int prefix)
    {
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out address!))
        {
            prefix = 0;
            return false;
        }
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        prefix = slash < 0 ? max : int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : max;
        return true;
    }
}
