using System.Runtime.CompilerServices;
using LvsDirector.Config.Model;
using static LvsDirector.Config.Schema.K;

namespace LvsDirector.Config.Schema;

/// <summary>virtual_server_group, virtual_server, real_server and the checkers: keepalived-keywords.md §8–11.</summary>
internal static class LvsSchema
{
    public static readonly string[] Schedulers = ["rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf", "lblcr", "sed", "nq", "twos"];

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    private static KeywordSpec[] CheckerTimings() =>
    [
        Timer("connect_timeout", 0.001, 86400),
        Int("retry", 0, int.MaxValue),
        Timer("delay_before_retry", 0, 86400),
        Timer("warmup", 0, 86400),
        Timer("delay_loop", 0.001, 86400),
        Bool("alpha"),
        Bool("log_all_failures"),
        // Extension (docs/checkers.md): the total time one probe may take.
        Timer("check_deadline", 0.001, 86400),
    ];

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    private static KeywordSpec[] CheckerCommon() =>
    [
        Addr("connect_ip"),
        Int("connect_port", 0, 65535),
        Addr("bindto"),
        Word("bind_if"),
        Int("bind_port", 0, 65535),
        Int("fwmark", 0, uint.MaxValue),
        .. CheckerTimings(),
    ];

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    private static SectionSchema Checker(string name, params KeywordSpec[] own)
    {
        // LvsValidator.FillCheckerTimings sets delay_loop, connect_timeout, retry, delay_before_retry, warmup
        // (and misc_timeout on MISC_CHECK) on every checker block.
        var s = new SectionSchema(name, CheckerCommon()) { FilledKeys = name == "MISC_CHECK" ? 6 : 5 };
        s.Add(own);
        return s;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    private static SectionSchema HttpChecker(string name)
    {
        var url = new SectionSchema("url",
            Text("path"),
            Custom("digest", Digest),
            Custom("status_code", StatusCodes),
            Text("virtualhost"),
            Text("regex"),
            Flag("regex_no_match"),
            Custom("regex_options", RegexOptionWords),
            Custom("regex_stack", (c, k, a) =>
            {
                c.Warning("regex_stack: .NET's regular expressions have no PCRE2 JIT stack to size; ignored");
                return Parsers.Words(c, k, a);
            }),
            Int("regex_min_offset", 0, int.MaxValue),
            Int("regex_max_offset", 0, int.MaxValue),
            Flag("tls_compliant"));
        var s = Checker(name,
            Enum("http_protocol", "1.0", "1.0", "1.0C", "1.1"),
            Text("virtualhost"),
            Bool("fast_recovery"),
            Flag("enable_sni"),
            Word("sni_name"),
            Flag("tls_compliant"),
            Block("url", url, repeatable: true),
            // Extensions beyond keepalived (docs/config-json.md): verify the real server's certificate.
            Bool("verify_certificate"),
            Word("ca_file"),
            Timer("cert_expiry_warning", 0, 86400 * 3650));
        s.Add(Deprecated(s.Find("retry")!, "nb_get_retry"));
        return s;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema RealServer()
    {
        var smtpHost = new SectionSchema("host", CheckerCommon());
        var s = new SectionSchema("real_server",
            Int("weight", 0, int.MaxValue),
            Custom("lvs_method", LvsMethod),
            Script("notify_up"),
            Script("notify_down"),
            Int("uthreshold", 0, int.MaxValue),
            Int("lthreshold", 0, int.MaxValue),
            Bool("smtp_alert"),
            Text("virtualhost"),
            Unsupported(Word("snmp_name"), "no SNMP agent"),
            Bool("inhibit_on_failure"),
            // Extension (docs/checkers.md): slow-start ramp of this real server's weight.
            Timer("slow_start", 0, 86400),
            Repeat(Block("HTTP_GET", HttpChecker("HTTP_GET"))),
            Repeat(Block("SSL_GET", HttpChecker("SSL_GET"))),
            Repeat(Block("TCP_CHECK", Checker("TCP_CHECK"))),
            Repeat(Block("SMTP_CHECK", Checker("SMTP_CHECK",
                Text("helo_name"),
                Block("host", smtpHost, repeatable: true)))),
            Repeat(Block("DNS_CHECK", Checker("DNS_CHECK",
                Enum("type", "SOA", "A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA"),
                Word("name", ".")))),
            Repeat(Block("MISC_CHECK", new SectionSchema("MISC_CHECK",
            [
                Script("misc_path"),
                Timer("misc_timeout", 0.001, 86400),
                Flag("misc_dynamic"),
                Custom("user", Parsers.UserGroup),
                .. CheckerTimings(),
            ]))),
            Repeat(Unsupported(Block("BFD_CHECK", new SectionSchema("BFD_CHECK", Word("name"), Bool("alpha"))), "no BFD yet")),
            Repeat(Block("UDP_CHECK", Checker("UDP_CHECK",
                Custom("payload", Hex),
                Custom("require_reply", (c, k, a) => a.Length == 0 ? c.Bool(true) : Hex(c, k, a, allowX: true)),
                Int("min_reply_length", 0, 65535),
                Int("max_reply_length", 0, 65535)))),
            Repeat(Block("PING_CHECK", Checker("PING_CHECK"))),
            Repeat(Block("FILE_CHECK", new SectionSchema("FILE_CHECK",
                Word("track_file"),
                Custom("weight", Parsers.WeightReverse(int.MinValue + 1, int.MaxValue)),
                Flag("dynamic")))));
        s.Add(CheckerTimings());
        return s;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema VirtualServer()
    {
        var s = new SectionSchema("virtual_server",
            Enum("lvs_sched", null, Schedulers),
            Flag("flag-1"), Flag("flag-2"), Flag("flag-3"),
            Flag("sh-port"), Flag("sh-fallback"),
            Flag("mh-port"), Flag("mh-fallback"),
            Flag("ops"),
            Flag("hashed"),
            Custom("lvs_method", LvsMethod),
            Word("persistence_engine"),
            new KeywordSpec("persistence_timeout", ValueKind.Integer) { Min = 1, Max = int.MaxValue / 100, ValueWhenOmitted = DInt(360) },
            Custom("persistence_granularity", Granularity),
            // No default: LvsValidator applies keepalived's (UDP for a virtual server by address, none under a fwmark).
            Enum("protocol", null, "TCP", "UDP", "SCTP"),
            Enum("ip_family", null, "inet", "inet6"),
            Flag("ha_suspend"),
            Bool("smtp_alert"),
            Text("virtualhost"),
            Unsupported(Word("snmp_name"), "no SNMP agent"),
            Bool("alpha"),
            Bool("omega"),
            Int("quorum", 1, int.MaxValue, 1),
            Int("hysteresis", 0, int.MaxValue, 0),
            Script("quorum_up"),
            Script("quorum_down"),
            Int("weight", 1, int.MaxValue, 1),
            Custom("sorry_server", Endpoint("sorry_server")),
            Flag("sorry_server_inhibit"),
            Custom("sorry_server_lvs_method", LvsMethod),
            Timer("connect_timeout", 0.001, 86400, 5),
            Int("retry", 0, int.MaxValue),
            Timer("delay_before_retry", 0, 86400),
            Timer("warmup", 0, 86400),
            Timer("delay_loop", 0.001, 86400, 60),
            Flag("inhibit_on_failure"),
            Block("real_server", RealServer(), Endpoint("real_server"), repeatable: true),
            // Extension: slow-start ramp of a returning real server's weight, in seconds.
            Timer("slow_start", 0, 86400));
        s.Add(Deprecated(s.Find("lvs_sched")!, "lb_algo"),
              Deprecated(s.Find("lvs_method")!, "lb_kind"));
        // lb_algo and lb_kind are what most configurations use: accept them without a warning.
        s.Add(s.Find("lb_algo")! with { ReplacedBy = null }, s.Find("lb_kind")! with { ReplacedBy = null });
        return s;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema VirtualServerGroup() => new("virtual_server_group")
    {
        Fallback = (c, node, into) =>
        {
            if (node.IsBlock) return false;
            if (VsgEntry(c, node.Keyword, node.Args) is { } entry) into.Append("entries", entry);
            return true;
        },
    };

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema Ssl() => new("SSL",
        Text("password"),
        Word("ca"),
        Word("certificate"),
        Word("key"));

    /// <summary><c>IP [PORT]</c> for real_server and sorry_server.</summary>
    public static ValueParser Endpoint(string what)
    {
        var portKeyword = $"{what} port";
        return (c, keyword, args) =>
        {
            if (args.Length == 0)
            {
                c.Error($"'{what}' needs an address");
                return null;
            }
            if (!c.TryAddress(what, args[0], out var a)) return null;
            var o = c.HeaderObj();
            o.Set("ip", new ConfigString(ParseContext.AddressText(a, args[0]), c.Location) { Address = a });
            if (args.Length > 1 && c.TryInteger(portKeyword, args[1], 0, 65535, out var port)) o.Set("port", c.Int(port));
            if (args.Length > 2) c.Warning($"'{what}': extra words '{string.Join(' ', args.Skip(2))}' ignored");
            return o;
        };
    }

    /// <summary><c>virtual_server IP PORT | fwmark N | group NAME</c>.</summary>
    public static ConfigValue? VirtualServerHeader(ParseContext c, string keyword, string[] args)
    {
        var o = c.HeaderObj();
        if (args.Length == 0)
        {
            c.Error("'virtual_server' needs an address and port, 'fwmark N' or 'group NAME'");
            return null;
        }
        if (args[0] == "fwmark")
        {
            if (args.Length < 2)
            {
                c.Error("virtual_server fwmark needs a mark");
                return null;
            }
            if (!c.TryInteger("virtual_server fwmark", args[1], 1, uint.MaxValue, out var mark)) return null;
            o.Set("fwmark", c.Int(mark));
            return o;
        }
        if (args[0] == "group")
        {
            if (args.Length < 2)
            {
                c.Error("virtual_server group needs a group name");
                return null;
            }
            o.Set("group", c.Str(args[1]));
            return o;
        }
        if (!c.TryAddress("virtual_server", args[0], out var address)) return null;
        o.Set("ip", c.Str(address.ToString()));
        if (args.Length > 1)
        {
            if (!c.TryInteger("virtual_server port", args[1], 0, 65535, out var port)) return null;
            o.Set("port", c.Int(port));
        }
        else
        {
            o.Set("port", c.Int(0));
        }
        return o;
    }

    /// <summary>A virtual_server_group entry: <c>IP[-RANGE] [PORT]</c>, <c>PREFIX [PORT]</c> or <c>fwmark N [inet|inet6]</c>.</summary>
    private static ConfigValue? VsgEntry(ParseContext c, string first, string[] args)
    {
        var o = c.Obj();
        if (first == "fwmark")
        {
            if (args.Length == 0 || !c.TryInteger("virtual_server_group fwmark", args[0], 1, uint.MaxValue, out var mark)) return null;
            o.Set("fwmark", c.Int(mark));
            if (args.Length > 1)
            {
                if (args[1] is "inet" or "inet6") o.Set("family", c.Str(args[1]));
                else c.Error($"virtual_server_group fwmark: '{args[1]}' is not inet or inet6");
            }
            return o;
        }
        var dash = first.LastIndexOf('-');
        if (first.Contains('/'))
        {
            if (!c.TryPrefix("virtual_server_group", first, out var pa, out var pp)) return null;
            o.Set("prefix", c.Str(ParseContext.FormatPrefix(pa, pp)));
        }
        else if (dash > 0)
        {
            var start = first[..dash];
            var end = first[(dash + 1)..];
            if (!c.TryAddress("virtual_server_group range", start, out var sa)) return null;
            o.Set("ip", c.Str(sa.ToString()));
            // a.b.c.d-e (last part), a.b.c.d-e.f.g.h (full), and IPv6 x::2-9 (last group, hex).
            var isV6 = sa.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            if (ParseContext.TryParseAddress(end, out var ea))
            {
                o.Set("range_end", c.Str(ea.ToString()));
            }
            else if (!isV6 && int.TryParse(end, out var last) && last is >= 0 and <= 255 && last >= sa.GetAddressBytes()[3])
            {
                var bytes = sa.GetAddressBytes();
                bytes[3] = (byte)last;
                o.Set("range_end", c.Str(new System.Net.IPAddress(bytes).ToString()));
            }
            else if (isV6 && int.TryParse(end, System.Globalization.NumberStyles.HexNumber, null, out var group) && group is >= 0 and <= 0xffff)
            {
                var bytes = sa.GetAddressBytes();
                var current = bytes[14] << 8 | bytes[15];
                if (group < current)
                {
                    c.Error($"virtual_server_group: range '{first}' ends before it starts");
                    return null;
                }
                bytes[14] = (byte)(group >> 8);
                bytes[15] = (byte)group;
                o.Set("range_end", c.Str(new System.Net.IPAddress(bytes).ToString()));
            }
            else
            {
                c.Error($"virtual_server_group: '{first}' is not a valid address range");
                return null;
            }
        }
        else
        {
            if (!c.TryAddress("virtual_server_group", first, out var a)) return null;
            o.Set("ip", c.Str(a.ToString()));
        }
        if (args.Length > 0 && c.TryInteger("virtual_server_group port", args[0], 0, 65535, out var port)) o.Set("port", c.Int(port));
        if (args.Length > 1) c.Warning($"virtual_server_group: extra words '{string.Join(' ', args.Skip(1))}' ignored");
        return o;
    }

    /// <summary><c>NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]</c>.</summary>
    public static ConfigValue? LvsMethod(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error($"'{keyword}' needs NAT, DR or TUN");
            return null;
        }
        var method = args[0].ToUpperInvariant();
        if (method is not ("NAT" or "DR" or "TUN"))
        {
            c.Error($"{keyword}: '{args[0]}' is not NAT, DR or TUN");
            return null;
        }
        if (args.Length == 1) return c.Str(method);
        if (method != "TUN")
        {
            c.Error($"{keyword}: tunnel options are only valid with TUN");
            return c.Str(method);
        }
        var target = c.Target;
        var prefix = keyword == "sorry_server_lvs_method" ? "sorry_server_tunnel" : "tunnel";
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "type" when i + 1 < args.Length:
                    var type = args[++i];
                    if (type is "ipip" or "gue" or "gre") target?.Set($"{prefix}_type", c.Str(type));
                    else c.Error($"{keyword}: tunnel type '{type}' is not ipip, gue or gre");
                    break;
                case "port" when i + 1 < args.Length:
                    if (c.TryInteger($"{keyword} port", args[++i], 1, 65535, out var port)) target?.Set($"{prefix}_port", c.Int(port));
                    break;
                case "nocsum" or "csum" or "remcsum":
                    target?.Set($"{prefix}_checksum", c.Str(args[i]));
                    break;
                default:
                    c.Error($"{keyword}: unexpected '{args[i]}'");
                    break;
            }
        }
        if (target?.GetString($"{prefix}_type") == "gue" && !target.Contains($"{prefix}_port")) c.Error($"{keyword}: a GUE tunnel needs 'port N'");
        return c.Str(method);
    }

    private static ConfigValue? Granularity(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error("'persistence_granularity' needs a netmask");
            return null;
        }
        var word = args[0];
        if (int.TryParse(word, out var bits) && bits is >= 1 and <= 128) return c.Int(bits);
        if (ParseContext.TryParseAddress(word, out var mask) && mask.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ParseContext.TryMaskLength(mask, out var length))
            return c.Str(mask.ToString());
        c.Error($"persistence_granularity: '{word}' is not a netmask (255.255.255.0) or prefix length");
        return null;
    }

    private static ConfigValue? Digest(ParseContext c, string keyword, string[] args)
    {
        if (args.Length != 1 || args[0].Length != 32 || !args[0].All(Uri.IsHexDigit))
        {
            c.Error($"digest: '{string.Join(' ', args)}' is not an MD5 digest (32 hex digits)");
            return null;
        }
        return c.Str(args[0].ToLowerInvariant());
    }

    /// <summary>The regex_options words with a .NET equivalent (see CheckerOptionsBinder); UTF and UCP are always on there.</summary>
    internal static readonly HashSet<string> RegexOptionsHonoured = ["caseless", "multiline", "dotall", "extended", "no_auto_capture", "utf", "ucp"];

    /// <summary>
    /// <c>regex_options WORD …</c> (PCRE2's compile options): a word with no .NET equivalent is kept out of the
    /// match with a warning, so a keepalived file still loads and the operator knows which option is not applied.
    /// </summary>
    private static ConfigValue? RegexOptionWords(ParseContext c, string keyword, string[] args)
    {
        foreach (var word in args.Where(a => !RegexOptionsHonoured.Contains(a)))
            c.Warning($"regex_options: '{word}' has no equivalent in .NET's regular expressions; ignored (honoured: {string.Join(", ", RegexOptionsHonoured)})");
        return Parsers.Words(c, keyword, args);
    }

    /// <summary>
    /// <c>status_code N|A-B …</c>: an array of codes and "A-B" ranges. As keepalived (each line sets more codes in
    /// the url's set), a second status_code line adds to the first rather than replacing it.
    /// </summary>
    private static ConfigValue? StatusCodes(ParseContext c, string keyword, string[] args)
    {
        var items = c.Target?[keyword] is ConfigArray earlier ? new List<ConfigValue>(earlier.Items) : new List<ConfigValue>();
        foreach (var word in args)
        {
            var dash = word.IndexOf('-');
            if (dash > 0 && int.TryParse(word[..dash], out var a) && int.TryParse(word[(dash + 1)..], out var b) && a is >= 100 and <= 999 && b is >= 100 and <= 999 && a <= b)
                items.Add(c.Str($"{a}-{b}"));
            else if (dash < 0 && int.TryParse(word, out var code) && code is >= 100 and <= 999)
                items.Add(c.Int(code));
            else
                c.Error($"status_code: '{word}' is not an HTTP status code (100-999) or range A-B");
        }
        if (items.Count == 0) return null;
        return new ConfigArray(items, c.Location);
    }

    private static ConfigValue? Hex(ParseContext c, string keyword, string[] args) => Hex(c, keyword, args, allowX: false);

    private static ConfigValue? Hex(ParseContext c, string keyword, string[] args, bool allowX)
    {
        var text = string.Concat(args);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        if (text.Length == 0 || text.Length % 2 != 0 || !text.All(ch => Uri.IsHexDigit(ch) || (allowX && ch is 'x' or 'X')))
        {
            c.Error($"{keyword}: '{string.Join(' ', args)}' is not an even number of hex digits");
            return null;
        }
        return c.Str(text.ToLowerInvariant());
    }
}
