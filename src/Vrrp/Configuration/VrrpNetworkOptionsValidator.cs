using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// Validates the network side of <see cref="VrrpOptions"/>: virtual/static routes and rules, static
/// addresses, VMAC and vrrp_strict. Called by <see cref="VrrpOptionsValidator"/>; adds every error with its path.
/// </summary>
internal static class VrrpNetworkOptionsValidator
{
    public static void Validate(VrrpOptions options, List<VrrpOptionsError> errors)
    {
        for (var i = 0; i < options.Static.Addresses.Count; i++)
        {
            var a = options.Static.Addresses[i];
            if (a.Device is null) errors.Add(new($"static_ipaddress[{i}]", $"{a.Address}: a static address needs 'dev'"));
            else if (!IsInterfaceName(a.Device)) errors.Add(new($"static_ipaddress[{i}].dev", $"'{a.Device}' is not a valid interface name"));
            var max = a.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (a.PrefixLength is < 0 || a.PrefixLength > max) errors.Add(new($"static_ipaddress[{i}]", $"prefix /{a.PrefixLength} is out of range 0-{max}"));
        }
        ValidateRoutes("static_routes", options.Static.Routes, errors);
        ValidateRules("static_rules", options.Static.Rules, errors);

        foreach (var (name, instance) in options.Instances)
        {
            var path = $"instances.{name}";
            ValidateRoutes($"{path}.virtual_routes", instance.VirtualRoutes, errors);
            ValidateRules($"{path}.virtual_rules", instance.VirtualRules, errors);
            if (instance.Vmac is { } vmac)
            {
                var vmacName = vmac.EffectiveName(instance.VirtualRouterId);
                if (!IsInterfaceName(vmacName)) errors.Add(new($"{path}.use_vmac", $"'{vmacName}' is not a valid interface name (1-15 characters)"));
                else if (vmacName == instance.Interface) errors.Add(new($"{path}.use_vmac", $"the VMAC cannot be named like its interface '{instance.Interface}'"));
                if (instance.IsUnicast && !vmac.TransmitOnBase)
                    errors.Add(new($"{path}.use_vmac", "unicast peers with a VMAC need vmac_xmit_base (as keepalived)"));
            }
            if (options.Strict) VrrpStrictMode.Validate(path, instance, errors);
        }

        // Two instances on one VMAC name would delete each other's macvlan.
        foreach (var group in options.Instances.Where(e => e.Value.Vmac is not null).GroupBy(e => e.Value.AddressDevice).Where(g => g.Count() > 1))
            errors.Add(new($"instances.{group.Skip(1).First().Key}.use_vmac", $"VMAC '{group.Key}' is already used by instance {group.First().Key}"));
    }

    private static void ValidateRoutes(string path, EquatableArray<VirtualRouteOptions> routes, List<VrrpOptionsError> errors)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            var r = routes[i];
            var p = $"{path}[{i}]";
            void Error(string message) => errors.Add(new(p, $"{r}: {message}"));
            var family = r.Family;
            if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) { Error("the destination is not an IP address"); continue; }
            var max = family == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (r.PrefixLength < 0 || r.PrefixLength > max) Error($"prefix /{r.PrefixLength} is out of range 0-{max}");
            if (r.Gateway is { } gw && gw.AddressFamily != family) Error($"via {gw} is not of the destination's family");
            if (r.Source is { } src && src.AddressFamily != family) Error($"src {src} is not of the destination's family");
            if (r.Device is { } dev && !IsInterfaceName(dev)) Error($"'{dev}' is not a valid interface name");
            if (r.Table == 0) Error("table 0 is not a routing table");
            if (r.Gateway is not null && r.Nexthops.Count > 0) Error("both 'via' and 'nexthop': give every gateway as a nexthop");
            if (r.Nexthops.Count > RtnetlinkRouteMessages.MaxNexthops) Error($"{r.Nexthops.Count} nexthops; at most {RtnetlinkRouteMessages.MaxNexthops}");
            foreach (var hop in r.Nexthops)
            {
                if (hop.Gateway is { } hg && hg.AddressFamily != family) Error($"nexthop via {hg} is not of the destination's family");
                if (hop.Weight is < 1 or > 256) Error($"nexthop weight {hop.Weight} is out of range 1-256");
                if (hop.Device is { } hd && !IsInterfaceName(hd)) Error($"nexthop dev '{hd}' is not a valid interface name");
                if (hop.Gateway is null && hop.Device is null) Error("a nexthop needs 'via' or 'dev'");
            }
            if (r.Type is RouteType.Blackhole or RouteType.Unreachable or RouteType.Prohibit or RouteType.Throw
                && (r.Gateway is not null || r.Nexthops.Count > 0))
                Error($"a {r.Type.ToString().ToLowerInvariant()} route has no gateway");
            if (r.Type == RouteType.Unicast && r.Gateway is null && r.Device is null && r.Nexthops.Count == 0)
                Error("a unicast route needs 'via', 'dev' or nexthops");
            if (r.OnLink && r.Gateway is null) Error("onlink needs a gateway");
            if (r.Metrics.Select(m => m.Metric).Distinct().Count() != r.Metrics.Count) Error("a metric is given twice");
            if (family == AddressFamily.InterNetwork && r.Preference is not null) Error("pref is for IPv6 routes only (RFC 4191)");
            if (family == AddressFamily.InterNetwork && r.Expires is not null) Error("expires is for IPv6 routes only (the kernel ignores it for IPv4)");
            if (r.CongestionControl is { } cc && (cc.Length is 0 or > 15 || !cc.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-')))
                Error($"congctl '{cc}' is not a congestion control name (1-15 characters)");
            if (r.Vrf is { } vrf && !IsInterfaceName(vrf)) Error($"vrf '{vrf}' is not a valid interface name");
            if (r.Encap is { } encap) ValidateEncap(encap, Error);
            if (routes.Take(i).Contains(r)) Error("listed twice");
        }
    }

    /// <summary>The MPLS label field is 20 bits (RFC 3032 §2.1).</summary>
    private const uint MaxMplsLabel = (1 << 20) - 1;

    private static void ValidateEncap(RouteEncapOptions e, Action<string> error)
    {
        switch (e.Type)
        {
            case RouteEncapType.Mpls:
                if (e.Labels.Count is 0 or > RouteEncapWriter.MaxEntries) error($"encap mpls needs 1-{RouteEncapWriter.MaxEntries} labels");
                if (e.Labels.Any(l => l > MaxMplsLabel)) error($"encap mpls: a label is above {MaxMplsLabel}");
                break;
            case RouteEncapType.Ip or RouteEncapType.Ip6:
                var family = e.Type == RouteEncapType.Ip ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (e.Destination is null) error($"encap {e.Type.ToString().ToLowerInvariant()} needs dst");
                if (e.Destination is { } d && d.AddressFamily != family || e.Source is { } s && s.AddressFamily != family)
                    error($"encap {e.Type.ToString().ToLowerInvariant()}: dst/src must be {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}");
                break;
            case RouteEncapType.Seg6:
                if (e.Segments.Count is 0 or > RouteEncapWriter.MaxEntries) error($"encap seg6 needs 1-{RouteEncapWriter.MaxEntries} segments");
                if (e.Segments.Any(a => a.AddressFamily != AddressFamily.InterNetworkV6)) error("encap seg6: segments are IPv6 addresses");
                if (e.Seg6Mode is < 0 or > 2) error("encap seg6: mode is inline, encap or l2encap");
                break;
        }
    }

    private static void ValidateRules(string path, EquatableArray<VirtualRuleOptions> rules, List<VrrpOptionsError> errors)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var p = $"{path}[{i}]";
            void Error(string message) => errors.Add(new(p, $"{r}: {message}"));
            if (r.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) { Error("the family is not IPv4 or IPv6"); continue; }
            var max = r.Family == AddressFamily.InterNetworkV6 ? 128 : 32;
            CheckPrefix("from", r.From, r.FromPrefixLength);
            CheckPrefix("to", r.To, r.ToPrefixLength);
            if (r.Action == RuleAction.ToTable && r.Table is null && !r.L3mdev) Error("no table (table N, or l3mdev, goto, blackhole …)");
            if (r.Action == RuleAction.ToTable && r.Table == 0) Error("table 0 is not a routing table");
            if (r.Action == RuleAction.Goto && r.GotoPreference is null) Error("goto needs a target preference");
            if (r.Action == RuleAction.Goto && r.Preference is { } pref && r.GotoPreference is { } target && target <= pref) Error("goto must jump forward (to a higher preference)");
            if (r.FirewallMask is not null && r.FirewallMark is null) Error("a fwmark mask without a fwmark");
            if (r.UidStart is { } us && r.UidEnd is { } ue && us > ue) Error("uidrange start is above its end");
            if (r.SourcePorts is { } sp && sp.Start > sp.End) Error("sport start is above its end");
            if (r.DestinationPorts is { } dp && dp.Start > dp.End) Error("dport start is above its end");
            if (r.InputInterface is { } iif && !IsInterfaceName(iif)) Error($"iif '{iif}' is not a valid interface name");
            if (r.OutputInterface is { } oif && !IsInterfaceName(oif)) Error($"oif '{oif}' is not a valid interface name");
            if (rules.Take(i).Contains(r)) Error("listed twice");

            void CheckPrefix(string word, IPAddress? address, int length)
            {
                if (address is null) return;
                if (address.AddressFamily != r.Family) Error($"{word} {address} is not of the rule's family");
                if (length < 0 || length > max) Error($"{word} prefix /{length} is out of range 0-{max}");
            }
        }
    }

    internal static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= RtnetlinkLinkMessages.MaxInterfaceNameLength && !name.Contains('/') && !name.Any(char.IsWhiteSpace) && name is not ("." or "..");
}
