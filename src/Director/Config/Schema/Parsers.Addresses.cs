using System.Net.Sockets;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Schema;

/// <summary>keepalived-keywords.md §7: address, route and rule lines of static_* and virtual_* blocks.</summary>
internal static partial class Parsers
{
    private static readonly HashSet<string> ScopeNames = new(StringComparer.Ordinal) { "site", "link", "host", "nowhere", "global" };

    /// <summary><c>IP[/MASK] [brd IP|+|-] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad] … </c>.</summary>
    public static ConfigValue? AddressItem(ParseContext c, string keyword, string[] args)
    {
        if (!c.TryPrefix("address", keyword, out var address, out var prefix)) return null;
        var o = c.Obj();
        o.Set("address", c.Str(ParseContext.FormatPrefix(address, prefix)));
        o.Set("family", c.Str(address.AddressFamily == AddressFamily.InterNetwork ? "inet" : "inet6"));
        for (var i = 0; i < args.Length; i++)
        {
            var word = args[i];
            string? Next()
            {
                if (i + 1 < args.Length) return args[++i];
                c.Error($"address {keyword}: '{word}' needs a value");
                return null;
            }
            switch (word)
            {
                case "brd" or "broadcast":
                    if (Next() is { } brd)
                    {
                        if (brd is "+" or "-" || ParseContext.TryParseAddress(brd, out _)) o.Set("brd", c.Str(brd));
                        else c.Error($"address {keyword}: brd '{brd}' is not an address, + or -");
                    }
                    break;
                case "dev":
                    if (Next() is { } dev) o.Set("dev", c.Str(dev));
                    break;
                case "scope":
                    if (Next() is { } scope)
                    {
                        if (ScopeNames.Contains(scope) || int.TryParse(scope, out _)) o.Set("scope", c.Str(scope));
                        else c.Error($"address {keyword}: unknown scope '{scope}' (site, link, host, nowhere, global)");
                    }
                    break;
                case "label":
                    if (Next() is { } label)
                    {
                        if (label.Length > 15) c.Error($"address {keyword}: label '{label}' is longer than 15 characters");
                        else o.Set("label", c.Str(label));
                    }
                    break;
                case "peer":
                    if (Next() is { } peer && c.TryPrefix("peer", peer, out var pa, out var pp)) o.Set("peer", c.Str(ParseContext.FormatPrefix(pa, pp)));
                    break;
                case "preferred_lft":
                    if (Next() is { } lft)
                    {
                        if (lft == "forever") o.Set("preferred_lft", c.Str("forever"));
                        else if (c.TryInteger("preferred_lft", lft, 0, uint.MaxValue, out var l)) o.Set("preferred_lft", c.Int(l));
                    }
                    break;
                case "track_group":
                    if (Next() is { } tg) o.Set("track_group", c.Str(tg));
                    break;
                case "home": case "mngtmpaddr": case "noprefixroute": case "autojoin": case "use_vmac": case "no_track":
                    o.Set(word, c.Bool(true));
                    break;
                case "-nodad": case "nodad":
                    o.Set("nodad", c.Bool(true));
                    break;
                default:
                    c.Error($"address {keyword}: unknown option '{word}'");
                    break;
            }
        }
        return o;
    }

    private static readonly HashSet<string> RouteTypes = new(StringComparer.Ordinal)
    {
        "blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "anycast", "multicast", "nat", "unicast",
    };

    private static readonly HashSet<string> RouteValueOptions = new(StringComparer.Ordinal)
    {
        "dev", "scope", "table", "tos", "dsfield", "protocol", "proto", "priority", "metric", "preference", "mtu", "hoplimit", "advmss",
        "rtt", "rttvar", "reordering", "window", "cwnd", "ssthresh", "realms", "rto_min", "initcwnd", "initrwnd", "features",
        "vrf", "track_group", "congctl", "pref", "expires", "quickack", "fastopen_no_cookie", "ttl-propagate",
    };

    private static readonly HashSet<string> RouteFlags = new(StringComparer.Ordinal)
    {
        "inet6", "add", "append", "no_track", "onlink", "lock", "pervasive",
    };

    /// <summary>A route line of static_routes / virtual_routes (ip route syntax, no abbreviations).</summary>
    public static ConfigValue? RouteItem(ParseContext c, string keyword, string[] args)
    {
        var words = new List<string> { keyword };
        words.AddRange(args);
        var o = c.Obj();
        var nexthops = new List<ConfigValue>();
        ConfigObject? currentHop = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            string? Next()
            {
                if (i + 1 < words.Count) return words[++i];
                c.Error($"route: '{word}' needs a value");
                return null;
            }
            if (currentHop is not null && word is "via" or "gw" or "dev" or "weight" or "onlink")
            {
                switch (word)
                {
                    case "via" or "gw":
                        if (Next() is { } hv && c.TryAddress("route nexthop via", StripInet(hv), out var ha)) currentHop.Set("via", c.Str(ha.ToString()));
                        break;
                    case "dev":
                        if (Next() is { } hd) currentHop.Set("dev", c.Str(hd));
                        break;
                    case "weight":
                        if (Next() is { } hw && c.TryInteger("route nexthop weight", hw, 1, 256, out var w)) currentHop.Set("weight", c.Int(w));
                        break;
                    default:
                        currentHop.Set("onlink", c.Bool(true));
                        break;
                }
                continue;
            }
            switch (word)
            {
                case "src":
                    if (Next() is { } src && c.TryAddress("route src", src, out var sa)) o.Set("src", c.Str(sa.ToString()));
                    break;
                case "to":
                    if (Next() is { } to) SetRouteDestination(c, o, to);
                    break;
                case "via" or "gw":
                    if (Next() is { } via && c.TryAddress("route via", StripInet(via), out var va)) o.Set("via", c.Str(va.ToString()));
                    break;
                case "or":
                    if (Next() is { } alt && c.TryAddress("route or", alt, out var oa)) o.Set("or", c.Str(oa.ToString()));
                    break;
                case "nexthop":
                    currentHop = c.Obj();
                    nexthops.Add(currentHop);
                    break;
                case "encap":
                    if (Next() is { } encapType) o.Set("encap", EncapItem(c, encapType, words, ref i));
                    break;
                default:
                    if (RouteTypes.Contains(word) && !o.Contains("type"))
                    {
                        o.Set("type", c.Str(word));
                    }
                    else if (RouteValueOptions.Contains(word))
                    {
                        // ip-route's "mtu lock 1300": the metric is locked (RTAX_LOCK), the value follows.
                        if (i + 2 < words.Count && words[i + 1] == "lock")
                        {
                            o.Set(word + "_lock", c.Bool(true));
                            i++;
                        }
                        if (Next() is { } value)
                        {
                            var key = word switch { "metric" or "preference" => "priority", "proto" => "protocol", _ => word };
                            o.Set(key, long.TryParse(value, out var n) ? c.Int(n) : c.Str(value));
                        }
                    }
                    else if (RouteFlags.Contains(word))
                    {
                        o.Set(word, c.Bool(true));
                    }
                    else if (!o.Contains("to") && (word.Contains('.') || word.Contains(':') || word == "default"))
                    {
                        SetRouteDestination(c, o, word);
                    }
                    else
                    {
                        c.Error($"route: unknown option '{word}'");
                    }
                    break;
            }
        }
        if (nexthops.Count > 0) o.Set("nexthop", new ConfigArray(nexthops, c.Location));
        if (!o.Contains("to")) c.Error("route: no destination prefix");
        return o;
    }

    /// <summary>The words each encap type takes with a value (ip-route(8) ENCAP); flags take none.</summary>
    private static readonly Dictionary<string, HashSet<string>> EncapValueWords = new(StringComparer.Ordinal)
    {
        ["mpls"] = new(StringComparer.Ordinal) { "ttl" },
        ["ip"] = new(StringComparer.Ordinal) { "id", "dst", "src", "tos", "ttl" },
        ["ip6"] = new(StringComparer.Ordinal) { "id", "dst", "src", "tc", "hoplimit" },
        ["seg6"] = new(StringComparer.Ordinal) { "mode", "segs" },
    };

    private static readonly HashSet<string> EncapFlags = new(StringComparer.Ordinal) { "key", "csum", "seq" };

    /// <summary><c>encap TYPE …</c>: the type's words are consumed up to the first one it does not know (as ip(8) does).</summary>
    private static ConfigObject EncapItem(ParseContext c, string type, List<string> words, ref int i)
    {
        var o = c.Obj();
        o.Set("type", c.Str(type));
        if (!EncapValueWords.TryGetValue(type, out var valueWords))
        {
            c.Error($"route: encap '{type}' is not supported (mpls, ip, ip6, seg6)");
            return o;
        }
        if (type == "mpls")
        {
            if (i + 1 < words.Count) o.Set("labels", c.Str(words[++i]));
            else c.Error("route: encap mpls needs a label stack");
        }
        while (i + 1 < words.Count)
        {
            var word = words[i + 1];
            if (EncapFlags.Contains(word) && type is "ip" or "ip6")
            {
                o.Set(word, c.Bool(true));
                i++;
            }
            else if (valueWords.Contains(word) && i + 2 < words.Count)
            {
                o.Set(word, c.Str(words[i + 2]));
                i += 2;
            }
            else
            {
                break;
            }
        }
        return o;
    }

    private static string StripInet(string s) => s.StartsWith("inet6 ", StringComparison.Ordinal) ? s[6..] : s;

    private static void SetRouteDestination(ParseContext c, ConfigObject o, string to)
    {
        if (to == "default")
        {
            o.Set("to", c.Str("default"));
            return;
        }
        if (c.TryPrefix("route to", to, out var a, out var p)) o.Set("to", c.Str(ParseContext.FormatPrefix(a, p)));
    }

    private static readonly HashSet<string> RuleValueOptions = new(StringComparer.Ordinal)
    {
        "table", "lookup", "iif", "oif", "tos", "dsfield", "fwmark", "preference", "priority", "pref", "realms", "goto", "uidrange",
        "protocol", "ip_proto", "ipproto", "sport", "dport", "suppress_prefixlength", "suppress_ifgroup", "tun_id", "track_group", "action", "type",
    };

    private static readonly HashSet<string> RuleFlags = new(StringComparer.Ordinal) { "inet6", "no_track", "l3mdev", "not" };

    /// <summary>A rule line of static_rules / virtual_rules (ip rule syntax).</summary>
    public static ConfigValue? RuleItem(ParseContext c, string keyword, string[] args)
    {
        var words = new List<string> { keyword };
        words.AddRange(args);
        var o = c.Obj();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            string? Next()
            {
                if (i + 1 < words.Count) return words[++i];
                c.Error($"rule: '{word}' needs a value");
                return null;
            }
            switch (word)
            {
                case "from" or "to":
                    if (Next() is { } pfx)
                    {
                        if (pfx == "all") o.Set(word, c.Str("all"));
                        else if (c.TryPrefix($"rule {word}", pfx, out var a, out var p)) o.Set(word, c.Str(ParseContext.FormatPrefix(a, p)));
                    }
                    break;
                default:
                    if (RuleValueOptions.Contains(word))
                    {
                        if (Next() is { } value)
                        {
                            var key = word switch { "lookup" => "table", "priority" or "pref" => "preference", "ipproto" => "ip_proto", _ => word };
                            o.Set(key, long.TryParse(value, out var n) ? c.Int(n) : c.Str(value));
                        }
                    }
                    else if (RuleFlags.Contains(word))
                    {
                        o.Set(word, c.Bool(true));
                    }
                    else
                    {
                        c.Error($"rule: unknown option '{word}'");
                    }
                    break;
            }
        }
        if (!o.Contains("preference")) c.Warning("rule without a preference: keepalived advises always setting one");
        return o;
    }
}
