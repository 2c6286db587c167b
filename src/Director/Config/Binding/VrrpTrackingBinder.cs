using System.Collections.Immutable;
using LvsDirector.Config.Model;
using LvsDirector.Vrrp.Configuration;
using static LvsDirector.Config.Binding.BindingHelpers;

namespace LvsDirector.Config.Binding;

/// <summary>
/// The tracking, sync-group and notify part of <see cref="VrrpOptionsBinder"/>: vrrp_script,
/// track_file, vrrp_track_process, vrrp_sync_group, track_group, interface_up_down_delays,
/// notify_* and the notify FIFOs. References to undefined trackers and sync-group members that do
/// not exist are dropped, as keepalived ignores them (the config validator reports them).
/// </summary>
internal static class VrrpTrackingBinder
{
    /// <summary>The per-instance tracking, dont_track_primary and notify settings.</summary>
    public static VrrpInstanceOptions BindInstance(VrrpInstanceOptions options, ConfigObject vi, ConfigObject model) => options with
    {
        Tracking = Tracking(vi, model),
        DontTrackPrimary = vi.GetBool("dont_track_primary"),
        Notify = Notify(vi),
        HigherPrioritySendAdvert = OptionalBool(vi, "higher_prio_send_advert") ?? true,
    };

    /// <summary>Adds the global parts to options holding the instances already.</summary>
    public static VrrpOptions BindGlobal(VrrpOptions options, ConfigObject model, ConfigObject global)
    {
        var scripts = ImmutableSortedDictionary<string, VrrpScriptOptions>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var s in model.GetObjects("vrrp_script"))
        {
            if (s.GetString("name") is not { } name || Script(s, "script") is not { } command) continue;
            var user = s.GetObject("user");
            scripts = scripts.SetItem(name, new VrrpScriptOptions
            {
                Command = user is null ? command : command with { User = user.GetString("user"), Group = user.GetString("group") },
                Interval = Seconds(s, "interval") ?? TimeSpan.FromSeconds(1),
                Timeout = Seconds(s, "timeout"),
                Weight = Int(s, "weight") ?? 0,
                Reverse = s.GetBool("reverse"),
                Rise = Int(s, "rise") ?? 1,
                Fall = Int(s, "fall") ?? 1,
                InitFail = s.GetBool("init_fail"),
            });
        }

        var files = ImmutableSortedDictionary<string, VrrpTrackFileOptions>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var f in model.GetObjects("track_file"))
        {
            if (f.GetString("name") is not { } name || f.GetString("file") is not { } path) continue;
            var init = f.GetItems("init_file").OfType<ConfigString>().Select(v => v.Value).ToList();
            files = files.SetItem(name, new VrrpTrackFileOptions
            {
                Path = path,
                Weight = Int(f, "weight") ?? 1,
                Reverse = f.GetBool("reverse"),
                InitValue = f["init_file"] is null ? null : init.Select(v => long.TryParse(v, out var n) ? (long?)n : null).FirstOrDefault(v => v is not null) ?? 0,
                InitOverwrite = init.Contains("overwrite"),
            });
        }

        var processes = ImmutableSortedDictionary<string, VrrpTrackProcessOptions>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var p in model.GetObjects("vrrp_track_process"))
        {
            if (p.GetString("name") is not { } name) continue;
            var argv = p.GetItems("process").OfType<ConfigString>().Select(v => v.Value).ToList();
            if (argv.Count == 0) continue;
            var delay = Seconds(p, "delay");
            processes = processes.SetItem(name, new VrrpTrackProcessOptions
            {
                Process = argv[0],
                Parameters = new EquatableArray<string>(argv.Skip(1)),
                ParameterMatch = p.GetString("param_match") switch
                {
                    "initial" => ProcessParameterMatch.Initial,
                    "partial" => ProcessParameterMatch.Partial,
                    _ => ProcessParameterMatch.Exact,
                },
                FullCommand = p.GetBool("full_command"),
                Weight = Int(p, "weight") ?? 0,
                Reverse = p.GetBool("reverse"),
                Quorum = Int(p, "quorum") ?? 1,
                QuorumMax = Int(p, "quorum_max"),
                ForkDelay = Seconds(p, "fork_delay") ?? delay ?? TimeSpan.Zero,
                TerminateDelay = Seconds(p, "terminate_delay") ?? delay ?? TimeSpan.Zero,
            });
        }

        // Drop references to trackers that are not defined (keepalived warns and ignores them).
        VrrpTrackingOptions Known(VrrpTrackingOptions t) => t with
        {
            Scripts = new(t.Scripts.Where(r => scripts.ContainsKey(r.Name))),
            Files = new(t.Files.Where(r => files.ContainsKey(r.Name))),
            Processes = new(t.Processes.Where(r => processes.ContainsKey(r.Name))),
        };
        var instances = options.Instances.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value with { Tracking = Known(kv.Value.Tracking) }, StringComparer.Ordinal);

        var groups = ImmutableSortedDictionary<string, VrrpSyncGroupOptions>.Empty.WithComparers(StringComparer.Ordinal);
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in model.GetObjects("vrrp_sync_group"))
        {
            if (g.GetString("name") is not { } name) continue;
            var members = g.GetItems("group").OfType<ConfigString>().Select(v => v.Value)
                .Where(m => instances.ContainsKey(m) && grouped.Add(m)).ToList();
            if (members.Count == 0) continue;
            groups = groups.SetItem(name, new VrrpSyncGroupOptions
            {
                Members = new EquatableArray<string>(members),
                Tracking = Known(Tracking(g, model)),
                Notify = Notify(g),
                TrackingWeight = g.GetBool("sync_group_tracking_weight"),
            });
        }

        var trackGroups = ImmutableSortedDictionary<string, EquatableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var tg in model.GetObjects("track_group"))
        {
            if (tg.GetString("name") is not { } name) continue;
            trackGroups = trackGroups.SetItem(name, new EquatableArray<string>(tg.GetItems("group").OfType<ConfigString>().Select(v => v.Value).Where(instances.ContainsKey)));
        }

        var delays = ImmutableSortedDictionary<string, InterfaceDelayOptions>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var d in model.GetItems("interface_up_down_delays").OfType<ConfigObject>())
        {
            if (d.GetString("interface") is not { } name) continue;
            var down = Seconds(d, "down_delay") ?? TimeSpan.Zero;
            delays = delays.SetItem(name, new InterfaceDelayOptions { Down = down, Up = Seconds(d, "up_delay") ?? down });
        }

        var fifos = new List<VrrpNotifyFifoOptions>();
        foreach (var (fifoKey, scriptKey) in new[] { ("notify_fifo", "notify_fifo_script"), ("vrrp_notify_fifo", "vrrp_notify_fifo_script") })
        {
            if (global.GetObject(fifoKey)?.GetString("path") is not { } path) continue;
            fifos.Add(new VrrpNotifyFifoOptions { Path = path, Script = Script(global, scriptKey) });
        }

        var scriptUser = global.GetObject("script_user");
        return options with
        {
            Instances = instances,
            Scripts = scripts,
            TrackFiles = files,
            TrackProcesses = processes,
            SyncGroups = groups,
            TrackGroups = trackGroups,
            InterfaceDelays = delays,
            NotifyFifos = new EquatableArray<VrrpNotifyFifoOptions>(fifos),
            Scripting = new VrrpScriptingOptions
            {
                ScriptUser = scriptUser?.GetString("user"),
                ScriptGroup = scriptUser?.GetString("group"),
                EnableScriptSecurity = global.GetBool("enable_script_security"),
                NotifyPriorityChanges = global.GetBool("vrrp_notify_priority_changes"),
            },
        };
    }

    private static VrrpTrackingOptions Tracking(ConfigObject o, ConfigObject model) => new()
    {
        Interfaces = References(o, "track_interface"),
        Scripts = References(o, "track_script"),
        Files = References(o, "track_file"),
        Processes = References(o, "track_process"),
    };

    private static EquatableArray<VrrpTrackReference> References(ConfigObject o, string key) =>
        new(o.GetItems(key).OfType<ConfigObject>()
            .Where(r => r.GetString("name") is not null)
            .Select(r => new VrrpTrackReference { Name = r.GetString("name")!, Weight = Int(r, "weight"), Reverse = OptionalBool(r, "reverse") }));

    private static VrrpNotifyOptions Notify(ConfigObject o) => new()
    {
        Master = Script(o, "notify_master"),
        Backup = Script(o, "notify_backup"),
        Fault = Script(o, "notify_fault"),
        Stop = Script(o, "notify_stop"),
        Generic = Script(o, "notify"),
        MasterReceivedLowerPriority = Script(o, "notify_master_rx_lower_pri"),
        ReportDeleted = o["notify_deleted"] is not null,
        Deleted = Script(o, "notify_deleted"),
        PriorityChanges = OptionalBool(o, "notify_priority_changes"),
    };

    /// <summary>A script spec (command + optional user and group) as argv, or null.</summary>
    private static VrrpScriptCommand? Script(ConfigObject o, string key)
    {
        if (o.GetObject(key) is not { } spec || spec.GetString("command") is not { } command) return null;
        var argv = SplitCommand(command);
        if (argv.Count == 0) return null;
        return new VrrpScriptCommand { Arguments = new EquatableArray<string>(argv), User = spec.GetString("user"), Group = spec.GetString("group") };
    }
}
