using System.Runtime.CompilerServices;
using LvsDirector.Config.Model;
using static LvsDirector.Config.Schema.K;

namespace LvsDirector.Config.Schema;

/// <summary>The top level of keepalived.conf: keepalived-keywords.md §2.</summary>
internal static class KeepalivedSchema
{
    private static readonly Lazy<SectionSchema> LazyRoot = new(Create);

    public static SectionSchema Root => LazyRoot.Value;

    [MethodImpl(MethodImplOptions.NoOptimization)] // run once: see SectionSchema
    private static SectionSchema Create()
    {
        var s = new SectionSchema("",
            Block("global_defs", GlobalDefsSchema.Create()),
            Unsupported(Word("net_namespace"), "run lvs-director inside the namespace instead (ip netns exec)"),
            Unsupported(Custom("net_namespace_ipvs", Parsers.OptionalWord), "run lvs-director inside the namespace instead"),
            Flag("namespace_with_ipsets"),
            Word("instance"),
            Flag("use_pid_dir"),
            Flag("linkbeat_use_polling"),
            Timer("child_wait_time", 0, 3600, 5),
            Items("linkbeat_interfaces", LinkbeatItem),
            Items("interface_up_down_delays", UpDownDelayItem),
            Block("track_group", new SectionSchema("track_group", Items("group", WordItem)), NameHeader(), repeatable: true),
            Items("static_ipaddress", Parsers.AddressItem),
            Items("static_routes", Parsers.RouteItem),
            Items("static_rules", Parsers.RuleItem),
            Block("garp_group", VrrpSchema.GarpGroup(), repeatable: true),
            Block("vrrp_script", VrrpSchema.VrrpScript(), NameHeader(), repeatable: true),
            Block("track_file", VrrpSchema.TrackFile(), NameHeader(), repeatable: true),
            Block("vrrp_track_process", VrrpSchema.TrackProcess(), NameHeader(), repeatable: true),
            Unsupported(Block("bfd_instance", VrrpSchema.BfdInstance(), NameHeader(), repeatable: true), "no BFD yet"),
            Block("vrrp_sync_group", VrrpSchema.SyncGroup(), NameHeader(), repeatable: true),
            Block("vrrp_instance", VrrpSchema.Instance(), NameHeader(), repeatable: true),
            Block("virtual_server_group", LvsSchema.VirtualServerGroup(), NameHeader(), repeatable: true),
            Block("virtual_server", LvsSchema.VirtualServer(), LvsSchema.VirtualServerHeader, repeatable: true),
            Block("SSL", LvsSchema.Ssl()),
            // include_check may also stand at the top level; the preprocessor acts on it.
            Custom("include_check", Parsers.Words));
        s.Add(Deprecated(s.Find("track_file")!, "vrrp_track_file"));
        return s;
    }

    private static ConfigValue? LinkbeatItem(ParseContext c, string keyword, string[] args)
    {
        var o = c.Obj();
        o.Set("interface", c.Str(keyword));
        if (args.Length > 0)
        {
            var method = args[0].ToUpperInvariant();
            if (method is "MII" or "ETHTOOL" or "IOCTL") o.Set("method", c.Str(method));
            else c.Error($"linkbeat_interfaces {keyword}: '{args[0]}' is not MII, ETHTOOL or IOCTL");
        }
        return o;
    }

    private static ConfigValue? UpDownDelayItem(ParseContext c, string keyword, string[] args)
    {
        var o = c.Obj();
        o.Set("interface", c.Str(keyword));
        if (args.Length == 0)
        {
            c.Error($"interface_up_down_delays {keyword}: needs a down delay");
            return null;
        }
        if (c.TryTimer($"{keyword} down_delay", args[0], 0, 255, out var down)) o.Set("down_delay", c.Num(down));
        var up = down;
        if (args.Length > 1 && !c.TryTimer($"{keyword} up_delay", args[1], 0, 255, out up)) up = down;
        o.Set("up_delay", c.Num(up));
        return o;
    }
}
