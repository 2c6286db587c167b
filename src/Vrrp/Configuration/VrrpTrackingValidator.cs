namespace LvsDirector.Vrrp.Configuration;

/// <summary>The tracking, sync-group and notify part of <see cref="VrrpOptionsValidator"/>.</summary>
internal static class VrrpTrackingValidator
{
    public const int MaxScriptWeight = 253;
    public const int MaxProcessWeight = 254;

    public static void Validate(VrrpOptions options, List<VrrpOptionsError> errors)
    {
        foreach (var (name, s) in options.Scripts)
        {
            var p = $"scripts.{name}";
            if (s.Command.Arguments.Count == 0 || string.IsNullOrWhiteSpace(s.Command.Arguments[0])) errors.Add(new($"{p}.script", "the command is empty"));
            if (s.Interval <= TimeSpan.Zero) errors.Add(new($"{p}.interval", "must be positive"));
            if (s.Timeout is { } t && t <= TimeSpan.Zero) errors.Add(new($"{p}.timeout", "must be positive"));
            if (Math.Abs(s.Weight) > MaxScriptWeight) errors.Add(new($"{p}.weight", $"{s.Weight} is out of range -253..253"));
            if (s.Rise < 1) errors.Add(new($"{p}.rise", "must be at least 1"));
            if (s.Fall < 1) errors.Add(new($"{p}.fall", "must be at least 1"));
        }
        foreach (var (name, f) in options.TrackFiles)
        {
            if (string.IsNullOrWhiteSpace(f.Path)) errors.Add(new($"track_files.{name}.file", "the path is empty"));
        }
        foreach (var (name, tp) in options.TrackProcesses)
        {
            var p = $"track_processes.{name}";
            if (string.IsNullOrWhiteSpace(tp.Process)) errors.Add(new($"{p}.process", "the process name is empty"));
            if (Math.Abs(tp.Weight) > MaxProcessWeight) errors.Add(new($"{p}.weight", $"{tp.Weight} is out of range -254..254"));
            if (tp.Quorum < 0) errors.Add(new($"{p}.quorum", "must not be negative"));
            if (tp.QuorumMax is { } max && max < tp.Quorum) errors.Add(new($"{p}.quorum_max", "is below quorum"));
            if (tp.ForkDelay < TimeSpan.Zero || tp.TerminateDelay < TimeSpan.Zero) errors.Add(new($"{p}.delay", "must not be negative"));
        }
        foreach (var (name, instance) in options.Instances)
            ValidateTracking($"instances.{name}.track", instance.Tracking, options, errors);

        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, group) in options.SyncGroups)
        {
            var p = $"sync_groups.{name}";
            if (group.Members.Count == 0) errors.Add(new($"{p}.group", "a sync group needs members"));
            foreach (var member in group.Members)
            {
                if (!options.Instances.ContainsKey(member)) errors.Add(new($"{p}.group", $"instance {member} does not exist"));
                else if (!groupOf.TryAdd(member, name)) errors.Add(new($"{p}.group", $"instance {member} is already in sync group {groupOf[member]}"));
            }
            ValidateTracking($"{p}.track", group.Tracking, options, errors);
        }
        foreach (var (name, members) in options.TrackGroups)
        {
            foreach (var member in members)
                if (!options.Instances.ContainsKey(member)) errors.Add(new($"track_groups.{name}", $"instance {member} does not exist"));
        }
        foreach (var (name, d) in options.InterfaceDelays)
        {
            if (d.Down < TimeSpan.Zero || d.Up < TimeSpan.Zero) errors.Add(new($"interface_up_down_delays.{name}", "delays must not be negative"));
        }
        for (var i = 0; i < options.NotifyFifos.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.NotifyFifos[i].Path)) errors.Add(new($"notify_fifo[{i}]", "the path is empty"));
        }
        if (options.Scripting.NotifyTimeout <= TimeSpan.Zero) errors.Add(new("scripting.notify_timeout", "must be positive"));
    }

    private static void ValidateTracking(string path, VrrpTrackingOptions t, VrrpOptions options, List<VrrpOptionsError> errors)
    {
        void Check(string kind, EquatableArray<VrrpTrackReference> refs, Func<string, bool>? exists, int maxWeight)
        {
            for (var i = 0; i < refs.Count; i++)
            {
                var r = refs[i];
                if (string.IsNullOrWhiteSpace(r.Name)) errors.Add(new($"{path}.{kind}[{i}]", "the name is empty"));
                else if (exists is not null && !exists(r.Name)) errors.Add(new($"{path}.{kind}[{i}]", $"{r.Name} is not defined"));
                if (r.Weight is { } w && Math.Abs(w) > maxWeight) errors.Add(new($"{path}.{kind}[{i}].weight", $"{w} is out of range -{maxWeight}..{maxWeight}"));
            }
        }
        Check("interface", t.Interfaces, null, MaxScriptWeight);
        Check("script", t.Scripts, options.Scripts.ContainsKey, MaxScriptWeight);
        Check("file", t.Files, options.TrackFiles.ContainsKey, MaxProcessWeight);
        Check("process", t.Processes, options.TrackProcesses.ContainsKey, MaxProcessWeight);
    }
}
