using System.Runtime.CompilerServices;
using LvsDirector.Config.Model;
using static LvsDirector.Config.Schema.K;

namespace LvsDirector.Config.Schema;

/// <summary>vrrp_instance, vrrp_sync_group and the trackers: keepalived-keywords.md §4–6.</summary>
internal static class VrrpSchema
{
    private const string NoBfd = "no BFD yet";
    private const string Firewall = "no firewall integration yet";

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static KeywordSpec[] TrackReferences() =>
    [
        Items("track_interface", TrackInterfaceItem),
        Items("track_script", Parsers.TrackItem(-253, 253)),
        Items("track_file", Parsers.TrackItem(-254, 254)),
        Items("track_process", Parsers.TrackItem(-254, 254)),
        Unsupported(Items("track_bfd", Parsers.TrackItem(-253, 253)), NoBfd),
    ];

    private static ConfigValue? TrackInterfaceItem(ParseContext c, string keyword, string[] args) =>
        Parsers.TrackItem(-253, 253)(c, keyword, args);

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    private static KeywordSpec[] Notifies() =>
    [
        Script("notify_master"), Script("notify_backup"), Script("notify_fault"), Script("notify_stop"), Script("notify"),
        Custom("notify_deleted", (c, k, a) => a.Length == 0 ? c.Bool(true) : ScriptSpec.Parse(c, k, a)),
        Bool("notify_priority_changes"),
        Bool("smtp_alert"),
    ];

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema Instance()
    {
        var s = new SectionSchema("vrrp_instance",
            // 6.1 identity and election
            Enum("state", "BACKUP", "MASTER", "BACKUP"),
            Word("interface"),
            Word("vrf"),
            Int("virtual_router_id", 1, 255),
            Int("priority", 1, 255, 100),
            Timer("advert_int", 0.01, 255, 1),
            Int("version", 2, 3),
            Flag("nopreempt"),
            Flag("preempt"),
            Timer("preempt_delay", 0, 1000, 0),
            Int("down_timer_adverts", 1, 100),
            new KeywordSpec("timer_expired_backup", ValueKind.Integer) { Min = 1, Max = 254, ValueWhenOmitted = DInt(254) },
            Bool("lower_prio_no_advert"),
            Bool("higher_prio_send_advert"),
            Bool("owner_ignore_adverts"),
            Bool("strict_mode"),
            Bool("skip_check_adv_addr"),
            Flag("accept"),
            Flag("no_accept"),
            Unsupported(Int("debug", 0, 4), "keepalived does not implement it either"),
            Flag("native_ipv6"),
            Flag("dont_track_primary"),
            Flag("track_src_ip"),
            Flag("promote_secondaries"),
            Int("kernel_rx_buf_size", 0, int.MaxValue),
            Flag("linkbeat_use_polling"),
            Word("lvs_sync_daemon_interface"),
            // 6.2 transport
            Addr("mcast_src_ip"),
            Addr("unicast_src_ip"),
            Addr("mcast_dst_ip"),
            Items("unicast_peer", UnicastPeerItem),
            Flag("unicast_fault_no_peer"),
            Int("unicast_ttl", 0, 255),
            Flag("check_unicast_src"),
            Custom("old_unicast_checksum", Parsers.OptionalWord),
            Bool("v3_checksum_as_v2"),
            Custom("use_vmac", UseVmac),
            Flag("use_vmac_addr"),
            Flag("vmac_xmit_base"),
            Custom("use_ipvlan", Parsers.Words),
            // 6.3 authentication
            Block("authentication", new SectionSchema("authentication",
                Enum("auth_type", null, "PASS", "AH"),
                Custom("auth_pass", AuthPass))),
            Unsupported(Block("auth_hmac", new SectionSchema("auth_hmac",
                Repeat(Custom("key", Parsers.Words)),
                Int("active_key", 1, 255),
                Enum("anti_replay", "time", "time", "monotonic"),
                Int("time_window", 1, 300),
                Enum("mode", "enforce", "enforce", "permissive", "receive-only"))), "keepalived 2.4 HMAC trailer not implemented yet"),
            // 6.4 addresses, routes and rules
            Items("virtual_ipaddress", Parsers.AddressItem),
            Items("virtual_ipaddress_excluded", Parsers.AddressItem),
            Flag("no_virtual_ipaddress"),
            Items("virtual_routes", Parsers.RouteItem),
            Items("virtual_rules", Parsers.RuleItem),
            // 6.5 GARP/NA
            Timer("garp_master_delay", 0, 86400),
            Int("garp_master_repeat", 0, int.MaxValue),
            Timer("garp_lower_prio_delay", 0, 86400),
            Int("garp_lower_prio_repeat", 0, int.MaxValue),
            Timer("garp_master_refresh", 0, 86400),
            Int("garp_master_refresh_repeat", 0, int.MaxValue),
            Custom("garp_extra_if", Parsers.GarpExtraIf),
            // 6.6 notification
            Script("notify_master_rx_lower_pri"));
        s.Add(TrackReferences());
        s.Add(Notifies());
        s.Add(Deprecated(s.Find("timer_expired_backup")!, "thread_timer_expired"),
              Deprecated(s.Find("garp_extra_if")!, "vmac_garp_intvl"));
        return s;
    }

    private static ConfigValue? AuthPass(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error("'auth_pass' needs a password");
            return null;
        }
        var pass = string.Join(' ', args);
        if (pass.Length > 8)
        {
            c.Warning($"auth_pass is longer than 8 characters: only '{pass[..8]}' is used");
            pass = pass[..8];
        }
        return c.Str(pass);
    }

    private static ConfigValue? UnicastPeerItem(ParseContext c, string keyword, string[] args)
    {
        if (!c.TryAddress("unicast_peer", keyword, out var address)) return null;
        var o = c.Obj();
        o.Set("address", c.Str(address.ToString()));
        for (var i = 0; i < args.Length; i++)
        {
            var word = args[i];
            if ((word == "min_ttl" || word == "max_ttl") && i + 1 < args.Length)
            {
                if (c.TryInteger($"unicast_peer {word}", args[++i], 0, 255, out var ttl)) o.Set(word, c.Int(ttl));
            }
            else
            {
                c.Error($"unicast_peer {keyword}: unknown option '{word}' (min_ttl N, max_ttl N)");
            }
        }
        return o;
    }

    /// <summary><c>use_vmac [[name] IFNAME] [MAC] [netlink_notify_msg] [group GID]</c>.</summary>
    private static ConfigValue? UseVmac(ParseContext c, string keyword, string[] args)
    {
        var o = c.Obj();
        for (var i = 0; i < args.Length; i++)
        {
            var word = args[i];
            if (word == "name" && i + 1 < args.Length) o.Set("name", c.Str(args[++i]));
            else if (word == "group" && i + 1 < args.Length) o.Set("group", c.Str(args[++i]));
            else if (word == "netlink_notify_msg") o.Set("netlink_notify_msg", c.Bool(true));
            else if (word.Count(ch => ch == ':') == 5) o.Set("mac", c.Str(word.ToLowerInvariant()));
            else if (!o.Contains("name")) o.Set("name", c.Str(word));
            else c.Error($"use_vmac: unexpected '{word}'");
        }
        if (o.GetString("name") is { Length: > 15 } n) c.Error($"use_vmac: interface name '{n}' is longer than 15 characters");
        return o;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema SyncGroup()
    {
        var s = new SectionSchema("vrrp_sync_group",
            Items("group", WordItem),
            Flag("global_tracking"),
            Flag("sync_group_tracking_weight"))
        {
            // The old syntax lists member instances directly, without group { } (keepalived.conf.vrrp.lvs_syncd).
            Fallback = (c, node, into) =>
            {
                if (node.IsBlock || node.Args.Length > 0) return false;
                c.Warning($"vrrp_sync_group member '{node.Keyword}' listed without 'group {{ }}': old syntax, accepted");
                into.Append("group", c.Str(node.Keyword));
                return true;
            },
        };
        s.Add(TrackReferences());
        s.Add(Notifies());
        s.Add(Deprecated(s.Find("global_tracking")!, "global_tracking") with { ReplacedBy = "track_* in the group" });
        return s;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema VrrpScript() => new("vrrp_script",
        Script("script"),
        Timer("interval", 0.001, 86400, 1),
        Timer("timeout", 0.001, 86400),
        Custom("weight", Parsers.WeightReverse(-253, 253)),
        Int("rise", 1, int.MaxValue, 1),
        Int("fall", 1, int.MaxValue, 1),
        Custom("user", Parsers.UserGroup),
        Flag("init_fail"));

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema TrackFile() => new("track_file",
        Word("file"),
        Custom("weight", Parsers.WeightReverse(-2147483647, 2147483647)),
        Custom("init_file", Parsers.Words));

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema TrackProcess() => new("vrrp_track_process",
        // Words, not text: a quoted parameter keeps its spaces ("process nginx -g 'daemon off;'" has two parameters).
        Custom("process", (c, k, a) =>
        {
            if (a.Length > 0) return Parsers.Words(c, k, a);
            c.Error($"'{k}' needs a value");
            return null;
        }),
        Enum("param_match", null, "initial", "partial"),
        Custom("weight", Parsers.WeightReverse(-254, 254)),
        Int("quorum", 0, int.MaxValue, 1),
        Int("quorum_max", 0, int.MaxValue),
        Timer("fork_delay", 0, 86400),
        Timer("terminate_delay", 0, 86400),
        Timer("delay", 0, 86400),
        Flag("full_command"));

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema BfdInstance()
    {
        var s = new SectionSchema("bfd_instance",
            Addr("neighbor_ip"),
            Addr("source_ip"),
            Int("min_rx", 1, 1_000_000, 10),
            Int("min_tx", 1, 1_000_000, 10),
            Int("idle_tx", 1, 1_000_000, 1000),
            Int("multiplier", 1, 255, 5),
            Flag("passive"),
            Int("ttl", 1, 255),
            Int("max_hops", 0, 255),
            Bool("multihop"),
            Custom("weight", Parsers.WeightReverse(-253, 253)),
            Flag("vrrp"),
            Flag("checker"));
        s.Add(Deprecated(s.Find("neighbor_ip")!, "neighbour_ip") with { ReplacedBy = null },
              Deprecated(s.Find("ttl")!, "hoplimit") with { ReplacedBy = null });
        return s;
    }

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    public static SectionSchema GarpGroup() => new("garp_group",
        Timer("garp_interval", 0, 1),
        Timer("gna_interval", 0, 1),
        Word("interface"),
        Items("interfaces", WordItem));
}
