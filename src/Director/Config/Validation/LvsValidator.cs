using LvsDirector.Config.Model;

namespace LvsDirector.Config.Validation;

/// <summary>virtual_server and virtual_server_group rules.</summary>
internal static class LvsValidator
{
    public static void Validate(ConfigObject model, ConfigObject global, ConfigDiagnostics d)
    {
        var groups = new Dictionary<string, ConfigObject>(StringComparer.Ordinal);
        foreach (var g in model.GetObjects("virtual_server_group"))
        {
            var name = g.GetString("name") ?? "?";
            if (!groups.TryAdd(name, g)) d.Error(g.Location, $"virtual_server_group {name} is defined twice");
            if (!g.Contains("entries")) d.Warning(g.Location, $"virtual_server_group {name} is empty");
        }

        // Duplicates are found in the order written; then each virtual server is checked and completed on its
        // own (side by side: 100,000 real servers in a large configuration), diagnostics kept in their order.
        var virtualServers = model.GetObjects("virtual_server").ToArray();
        foreach (var vs in virtualServers) DefaultProtocol(vs, groups, d);
        var names = new string[virtualServers.Length];
        var firstAt = new SourceLocation?[virtualServers.Length];
        var keys = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        for (var i = 0; i < virtualServers.Length; i++)
        {
            names[i] = Describe(virtualServers[i]);
            if (!keys.TryAdd(names[i], virtualServers[i].Location)) firstAt[i] = keys[names[i]];
        }
        var found = new ConfigDiagnostics[virtualServers.Length];
        ParallelLoop.For(virtualServers.Length, i =>
        {
            found[i] = d.CreateEmpty();
            ValidateVirtualServer(virtualServers[i], names[i], firstAt[i], groups, found[i]);
        });
        foreach (var f in found) d.Append(f);
    }

    /// <summary>
    /// keepalived ignores a virtual server without real servers, even one with a sorry_server: so do we (not
    /// programmed, not checked; <see cref="Validate"/> warned). Called once the VRRP validator, which reads the
    /// model's root beside <see cref="Validate"/>, has finished: this edits the root.
    /// </summary>
    public static void DropVirtualServersWithoutRealServers(ConfigObject model)
    {
        if (model["virtual_server"] is ConfigArray array)
        {
            array.Items.RemoveAll(item => item is ConfigObject vs && !vs.Contains("real_server"));
            if (array.Items.Count == 0) model.Remove("virtual_server");
        }
        else if (model["virtual_server"] is ConfigObject single && !single.Contains("real_server"))
        {
            model.Remove("virtual_server");
        }
    }

    /// <summary>
    /// keepalived gives a virtual server by address (or a group with address entries) without <c>protocol</c> UDP,
    /// the kernel's own default, and says so: an existing file must give the same table. Under a fwmark the protocol
    /// plays no part.
    /// </summary>
    private static void DefaultProtocol(ConfigObject vs, Dictionary<string, ConfigObject> groups, ConfigDiagnostics d)
    {
        if (vs.Contains("protocol") || !IsByAddress(vs, groups)) return;
        vs.Set("protocol", new ConfigString("UDP", SourceLocation.None));
        d.Warning(vs.Location, $"virtual_server {Describe(vs)}: no protocol set: UDP used (as keepalived does; write 'protocol TCP' for TCP)");
    }

    /// <summary>A virtual server by address, or by a group with address entries (keepalived's test), not only fwmarks.</summary>
    private static bool IsByAddress(ConfigObject vs, Dictionary<string, ConfigObject> groups) =>
        !vs.Contains("fwmark") && (vs.GetString("group") is not { } name
            || groups.TryGetValue(name, out var group) && group.GetItems("entries").OfType<ConfigObject>().Any(e => !e.Contains("fwmark")));

    private static void ValidateVirtualServer(ConfigObject vs, string key, SourceLocation? duplicateOf, Dictionary<string, ConfigObject> groups, ConfigDiagnostics d)
    {
        if (duplicateOf is { } first) d.Fatal(vs.Location, $"virtual_server {key} is defined twice (first at {first})");
        if (vs.GetString("group") is { } group && !groups.ContainsKey(group))
            d.Fatal(vs.Location, $"virtual_server group {group}: no virtual_server_group of that name");

        if (!vs.Contains("lvs_sched"))
        {
            d.Warning(vs.Location, $"virtual_server {key}: no lvs_sched (lb_algo): wlc used");
            vs.Set("lvs_sched", new ConfigString("wlc", SourceLocation.None));
        }
        if (!vs.Contains("lvs_method")) vs.Set("lvs_method", new ConfigString("NAT", SourceLocation.None));
        var sched = vs.GetString("lvs_sched");
        if ((vs.GetBool("sh-port") || vs.GetBool("sh-fallback")) && sched != "sh")
            d.Warning(vs.Location, $"virtual_server {key}: sh-port/sh-fallback only apply to the sh scheduler");
        if ((vs.GetBool("mh-port") || vs.GetBool("mh-fallback")) && sched != "mh")
            d.Warning(vs.Location, $"virtual_server {key}: mh-port/mh-fallback only apply to the mh scheduler");
        // keepalived resets ops on a virtual server by address that is not UDP; under a fwmark it applies to the UDP packets.
        if (vs.GetBool("ops") && IsByAddress(vs, groups) && vs.GetString("protocol") != "UDP")
        {
            d.Error(vs.Location, $"virtual_server {key}: ops (one-packet scheduling) is for UDP only: ignored");
            vs.Remove("ops");
        }

        var quorum = vs.GetInteger("quorum") ?? 1;
        var hysteresis = vs.GetInteger("hysteresis") ?? 0;
        if (hysteresis >= quorum && hysteresis > 0)
            d.Error(vs["hysteresis"]?.Location ?? vs.Location, $"virtual_server {key}: hysteresis {hysteresis} must be less than quorum {quorum}: 0 used");

        if (!vs.Contains("real_server"))
            d.Warning(vs.Location, $"virtual_server {key} has no real servers: ignored (as keepalived)");
        if (vs["persistence_granularity"] is ConfigInteger bits && !IsIPv6(vs))
            d.Warning(vs["persistence_granularity"]!.Location, $"virtual_server {key}: persistence_granularity {bits.Value} read as /{bits.Value}; keepalived reads a bare number as the netmask 0.0.0.{bits.Value}");

        var vsPort = vs.GetInteger("port");
        var vsMethod = vs.GetString("lvs_method");
        var reals = new HashSet<(string? Ip, long? Port)>(vs.GetItems("real_server").Count);
        foreach (var rs in vs.GetObjects("real_server"))
        {
            // The "ip:port" text only for messages: a large configuration has 100,000 real servers.
            var ip = rs.GetString("ip");
            var port = rs.GetInteger("port");
            if (!reals.Add((ip, port))) d.Error(rs.Location, $"virtual_server {key}: real_server {ip}:{port} is listed twice: the second is ignored");
            if (!rs.Contains("port") && vsPort is { } p && p != 0 && !vs.Contains("fwmark"))
                rs.Set("port", vs["port"]!);
            if (!rs.Contains("weight")) rs.Set("weight", vs["weight"] ?? Retries[1]);
            // DR and TUN keep the virtual port: the kernel destination gets the service's (LvsTableComposer), the checks the port written.
            if ((rs.GetString("lvs_method") ?? vsMethod) is "DR" or "TUN" && rs.GetInteger("port") is { } rsPort)
            {
                if (vs.Contains("fwmark") && rsPort != 0)
                    d.Warning(rs.Location, $"virtual_server {key}: real_server {ip}:{rsPort} is reached by DR/TUN: a fwmark service's destination has no port, 0 used in IPVS (as keepalived)");
                else if (vsPort is { } vp && vp != rsPort && !vs.Contains("group"))
                    d.Warning(rs.Location, $"virtual_server {key}: real_server {ip}:{rsPort} is reached by DR/TUN: its port does not match the virtual server's, {vp} used in IPVS (as keepalived)");
            }
            FillCheckerTimings(vs, rs);
            foreach (var check in rs.GetObjects("MISC_CHECK"))
                if (!check.Contains("misc_path")) d.Error(check.Location, $"real_server {ip}:{port}: MISC_CHECK without misc_path: ignored");
            foreach (var kind in HttpCheckerKinds)
                foreach (var check in rs.GetObjects(kind))
                {
                    if (!check.Contains("url")) d.Error(check.Location, $"real_server {ip}:{port}: {kind} without a url block: ignored");
                    foreach (var url in check.GetObjects("url"))
                        if (!url.Contains("path")) d.Error(url.Location, $"real_server {ip}:{port}: {kind} url without path: ignored");
                }
        }
        // As keepalived: not with a fwmark, nor with a group that holds one.
        if (vs.GetBool("ha_suspend") && (vs.Contains("fwmark") || vs.GetString("group") is { } suspendGroup && groups.TryGetValue(suspendGroup, out var g)
                && g.GetItems("entries").OfType<ConfigObject>().Any(e => e.Contains("fwmark"))))
        {
            d.Warning(vs["ha_suspend"]?.Location ?? vs.Location, $"virtual_server {key}: ha_suspend cannot be used with fwmarks: cleared (as keepalived)");
            vs.Remove("ha_suspend");
        }
        if (vs.GetObject("sorry_server") is null && vs.Contains("sorry_server_inhibit"))
            d.Warning(vs.Location, $"virtual_server {key}: sorry_server_inhibit without a sorry_server");
    }

    private static readonly ConfigNumber FiveSeconds = new(5, SourceLocation.None);
    private static readonly ConfigNumber OneSecond = new(1, SourceLocation.None);
    private static readonly ConfigNumber ThreeSeconds = new(3, SourceLocation.None);
    private static readonly ConfigNumber SixtySeconds = new(60, SourceLocation.None);
    private static readonly ConfigInteger[] Retries = [new(0, SourceLocation.None), new(1, SourceLocation.None), new(2, SourceLocation.None), new(3, SourceLocation.None)];

    private static readonly string[] HttpCheckerKinds = ["HTTP_GET", "SSL_GET"];
    private static readonly string[] CheckerKinds = ["HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "UDP_CHECK", "PING_CHECK"];

    /// <summary>
    /// Effective checker timings: checker value, else real_server, else virtual_server, else the per-checker
    /// default (retry 1, DNS 3, MISC 0; delay_before_retry 1, HTTP/SSL 3, DNS delay_loop; warmup delay_loop).
    /// </summary>
    private static void FillCheckerTimings(ConfigObject vs, ConfigObject rs)
    {
        foreach (var kind in CheckerKinds)
        {
            foreach (var check in rs.GetObjects(kind))
            {
                ConfigValue? From(string key) => check[key] ?? rs[key] ?? vs[key];
                var delayLoop = From("delay_loop") ?? SixtySeconds;
                check.Set("delay_loop", delayLoop);
                if (kind != "MISC_CHECK") check.Set("connect_timeout", From("connect_timeout") ?? FiveSeconds);
                check.Set("retry", From("retry") ?? Retries[kind switch { "DNS_CHECK" => 3, "MISC_CHECK" => 0, _ => 1 }]);
                check.Set("delay_before_retry", From("delay_before_retry") ?? (kind switch
                {
                    "HTTP_GET" or "SSL_GET" => ThreeSeconds,
                    "DNS_CHECK" => delayLoop,
                    _ => OneSecond,
                }));
                check.Set("warmup", From("warmup") ?? delayLoop);
                if (kind == "MISC_CHECK" && !check.Contains("misc_timeout")) check.Set("misc_timeout", delayLoop);
                if (From("alpha") is { } alpha) check.Set("alpha", alpha);
            }
        }
    }

    private static bool IsIPv6(ConfigObject vs) =>
        vs.GetString("ip_family") == "inet6" || vs.GetString("ip") is { } ip && ip.Contains(':');

    public static string Describe(ConfigObject vs) =>
        vs.GetInteger("fwmark") is { } mark ? $"fwmark {mark}"
        : vs.GetString("group") is { } group ? $"group {group}"
        : $"{(vs.GetString("ip") is { } ip && ip.Contains(':') ? $"[{ip}]" : vs.GetString("ip"))}:{vs.GetInteger("port")}/{vs.GetString("protocol")}";
}
