using System.Net.Sockets;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Validation;

/// <summary>vrrp_instance and vrrp_sync_group rules (keepalived.conf(5) §vrrp_instance).</summary>
internal static class VrrpValidator
{
    public static void Validate(ConfigObject model, ConfigObject global, ConfigDiagnostics d, ConfigLoadOptions options)
    {
        var instances = model.GetObjects("vrrp_instance").ToList();
        var names = new Dictionary<string, ConfigObject>(StringComparer.Ordinal);
        var vrids = new Dictionary<(string Interface, string Family, long Vrid), string>();
        var scripts = model.GetObjects("vrrp_script").Select(s => s.GetString("name")).OfType<string>().ToHashSet();
        var files = model.GetObjects("track_file").Select(s => s.GetString("name")).OfType<string>().ToHashSet();
        var processes = model.GetObjects("vrrp_track_process").Select(s => s.GetString("name")).OfType<string>().ToHashSet();
        var strict = global.GetBool("vrrp_strict");
        var defaultVersion = global.GetInteger("vrrp_version") ?? 2;
        var knownInterfaces = options.CheckEnvironment ? ReadInterfaces() : null;

        foreach (var vi in instances)
        {
            var name = vi.GetString("name") ?? "?";
            var at = vi.Location;
            if (!names.TryAdd(name, vi)) d.Fatal(at, $"vrrp_instance {name} is defined twice (first at {names[name].Location})");

            var vrid = vi.GetInteger("virtual_router_id");
            if (vrid is null) d.Fatal(at, $"vrrp_instance {name}: virtual_router_id is missing");

            // Family: from the VIPs (all of one family), or the unicast source.
            // keepalived accepts a VIP listed twice; the later one is ignored here, with a warning.
            foreach (var key in new[] { "virtual_ipaddress", "virtual_ipaddress_excluded" })
            {
                if (vi[key] is not ConfigArray list) continue;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                list.Items.RemoveAll(item =>
                {
                    if (item is not ConfigObject a || a.GetString("address") is not { } text) return false;
                    var bare = text.Split('/')[0];
                    if (seen.Add(bare)) return false;
                    d.Warning(a.Location, $"vrrp_instance {name}: {key} {bare} is listed twice: this entry is ignored");
                    return true;
                });
            }
            var vips = vi.GetItems("virtual_ipaddress").OfType<ConfigObject>().ToList();
            var families = vips.Select(v => v.GetString("family")).Distinct().ToList();
            if (families.Count > 1) d.Fatal(at, $"vrrp_instance {name}: virtual_ipaddress mixes IPv4 and IPv6 (use virtual_ipaddress_excluded for the other family)");
            var family = families.FirstOrDefault() ?? FamilyOf(vi.GetString("unicast_src_ip")) ?? "inet";
            vi.Set("family", new ConfigString(family, SourceLocation.None));

            var version = vi.GetInteger("version") ?? (family == "inet6" ? 3 : defaultVersion);
            if (family == "inet6" && version == 2)
            {
                d.Error(vi["version"]?.Location ?? at, $"vrrp_instance {name}: VRRPv2 does not carry IPv6: version 3 used");
                version = 3;
            }
            vi.Set("version", new ConfigInteger(version, vi["version"]?.Location ?? SourceLocation.None));

            if (vips.Count == 0 && !vi.GetBool("no_virtual_ipaddress"))
                d.Warning(at, $"vrrp_instance {name}: no virtual_ipaddress (set no_virtual_ipaddress if that is meant)");

            // advert_int: v2 counts whole seconds, v3 centiseconds up to 40.95 s (RFC 5798 §5.2.7).
            if (vi["advert_int"] is ConfigNumber advert)
            {
                if (version == 2 && advert.Value != Math.Floor(advert.Value))
                {
                    var rounded = Math.Max(1, Math.Round(advert.Value));
                    d.Error(advert.Location, $"vrrp_instance {name}: VRRPv2 advert_int must be whole seconds: {advert.Value} rounded to {rounded}");
                    vi.Set("advert_int", new ConfigNumber(rounded, advert.Location));
                }
                else if (version == 3 && advert.Value > 40.95)
                {
                    d.Error(advert.Location, $"vrrp_instance {name}: VRRPv3 advert_int is at most 40.95 s: 40.95 used");
                    vi.Set("advert_int", new ConfigNumber(40.95, advert.Location));
                }
            }

            // v2-only options under version 3.
            if (version == 3 && vi.GetObject("authentication") is { } auth)
            {
                d.Error(auth.Location, $"vrrp_instance {name}: authentication is not part of VRRPv3: ignored");
                vi.Remove("authentication");
            }

            if (vi.GetString("state") == "MASTER" && vi.GetBool("nopreempt"))
            {
                d.Error(vi["state"]!.Location, $"vrrp_instance {name}: nopreempt needs the initial state BACKUP: state MASTER changed to BACKUP");
                vi.Set("state", new ConfigString("BACKUP", vi["state"]!.Location));
            }
            if (vi.GetInteger("priority") == 255 && vi.GetBool("nopreempt"))
                d.Warning(vi["priority"]!.Location, $"vrrp_instance {name}: priority 255 (address owner) always preempts: nopreempt has no effect");

            var iface = vi.GetString("interface");
            var peers = vi.GetItems("unicast_peer").OfType<ConfigObject>().ToList();
            if (iface is null && peers.Count == 0)
            {
                var fallback = global.GetString("default_interface") ?? "eth0";
                d.Error(at, $"vrrp_instance {name}: no interface: default_interface {fallback} used");
                iface = fallback;
                vi.Set("interface", new ConfigString(fallback, SourceLocation.None));
            }
            if (iface is not null && knownInterfaces is not null && !knownInterfaces.Contains(iface))
                d.Warning(vi["interface"]?.Location ?? at, $"vrrp_instance {name}: interface {iface} does not exist on this machine");

            if (vrid is { } id && iface is not null)
            {
                var key = (iface, family, id);
                if (peers.Count == 0 && !vrids.TryAdd(key, name))
                    d.Fatal(vi["virtual_router_id"]!.Location, $"vrrp_instance {name}: VRID {id} is already used by vrrp_instance {vrids[key]} on {iface} ({family})");
            }

            // Unicast: the source and every peer must be of the instance's family.
            if (vi.GetString("unicast_src_ip") is { } src && FamilyOf(src) != family)
                d.Fatal(vi["unicast_src_ip"]!.Location, $"vrrp_instance {name}: unicast_src_ip {src} is not of the instance's family ({family})");
            foreach (var peer in peers)
            {
                if (FamilyOf(peer.GetString("address")) != family)
                    d.Fatal(peer.Location, $"vrrp_instance {name}: unicast_peer {peer.GetString("address")} is not of the instance's family ({family})");
            }

            if (strict)
            {
                if (peers.Count > 0) d.Fatal(at, $"vrrp_instance {name}: vrrp_strict forbids unicast_peer");
                if (vi.Contains("authentication")) d.Fatal(at, $"vrrp_instance {name}: vrrp_strict forbids authentication");
                if (vips.Count == 0) d.Fatal(at, $"vrrp_instance {name}: vrrp_strict needs at least one virtual_ipaddress");
            }

            // Effective values: per-instance GARP/NA knobs default to the global vrrp_* values.
            Inherit(vi, global, "garp_master_delay", "vrrp_garp_master_delay");
            Inherit(vi, global, "garp_master_repeat", "vrrp_garp_master_repeat");
            Inherit(vi, global, "garp_master_refresh", "vrrp_garp_master_refresh");
            Inherit(vi, global, "garp_master_refresh_repeat", "vrrp_garp_master_refresh_repeat");
            Inherit(vi, global, "garp_lower_prio_delay", "vrrp_garp_lower_prio_delay", "vrrp_garp_master_delay");
            Inherit(vi, global, "garp_lower_prio_repeat", "vrrp_garp_lower_prio_repeat", "vrrp_garp_master_repeat");
            Inherit(vi, global, "down_timer_adverts", "vrrp_down_timer_adverts");
            if (!vi.Contains("mcast_dst_ip") && peers.Count == 0)
                Inherit(vi, global, "mcast_dst_ip", family == "inet" ? "vrrp_mcast_group4" : "vrrp_mcast_group6");

            CheckReferences(vi, "track_script", scripts, "vrrp_script", name, d);
            CheckReferences(vi, "track_file", files, "track_file", name, d);
            CheckReferences(vi, "track_process", processes, "vrrp_track_process", name, d);
        }

        var inGroup = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in model.GetObjects("vrrp_sync_group"))
        {
            var gname = group.GetString("name") ?? "?";
            var members = group.GetItems("group").OfType<ConfigString>().ToList();
            if (members.Count == 0) d.Error(group.Location, $"vrrp_sync_group {gname} has no member instances");
            foreach (var member in members)
            {
                if (!names.ContainsKey(member.Value))
                    d.Error(member.Location, $"vrrp_sync_group {gname}: vrrp_instance {member.Value} does not exist");
                else if (!inGroup.TryAdd(member.Value, gname))
                    d.Error(member.Location, $"vrrp_instance {member.Value} is in vrrp_sync_group {inGroup[member.Value]} and {gname}");
            }
            CheckReferences(group, "track_script", scripts, "vrrp_script", gname, d);
        }
    }

    private static void Inherit(ConfigObject target, ConfigObject global, string key, params string[] globalKeys)
    {
        if (target.Contains(key)) return;
        foreach (var g in globalKeys)
        {
            if (global[g] is { } value)
            {
                target.Set(key, value);
                return;
            }
        }
    }

    private static void CheckReferences(ConfigObject owner, string key, HashSet<string> known, string kind, string ownerName, ConfigDiagnostics d)
    {
        foreach (var reference in owner.GetItems(key).OfType<ConfigObject>())
        {
            var refName = reference.GetString("name");
            if (refName is not null && !known.Contains(refName))
                d.Error(reference.Location, $"{ownerName}: {key} {refName}: no {kind} of that name: ignored");
        }
    }

    internal static string? FamilyOf(string? address) => address is null ? null
        : ParseContextFamily(address);

    private static string? ParseContextFamily(string address)
    {
        var slash = address.IndexOf('/');
        var text = slash < 0 ? address : address[..slash];
        return Schema.ParseContext.TryParseAddress(text, out var a) ? a.AddressFamily == AddressFamily.InterNetwork ? "inet" : "inet6" : null;
    }

    private static HashSet<string>? ReadInterfaces()
    {
        try
        {
            return Directory.EnumerateDirectories("/sys/class/net").Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
