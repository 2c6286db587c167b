using LvsDirector.Config.Binding;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Config.Model;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Config.Validation;

/// <summary>
/// Binds the model to each library's options and runs the library's own validator, so that -t reports what
/// a library would refuse at run time, at the line of the block concerned. A library that refuses its
/// options does not start, so these are fatal (keepalived -t exit 3).
/// </summary>
internal static class LibraryOptionsValidator
{
    /// <summary>Validates what the libraries would refuse; returns the options bound on the way.</summary>
    public static LibraryOptions Validate(ConfigObject model, ConfigDiagnostics d, bool vrrp = true, bool lvs = true)
    {
        var blocks = model.GetObjects("vrrp_instance").Select(v => (Name: v.GetString("name") ?? "", v.Location))
            .Concat(model.GetObjects("virtual_server").Select(v => (Name: LvsValidator.Describe(v), v.Location)))
            .Where(b => b.Name.Length > 0).OrderByDescending(b => b.Name.Length).ToList();
        SourceLocation Where(string path) =>
            path.StartsWith("static_", StringComparison.Ordinal) && model[path.Split('[', '.', ':')[0]] is { Location.Line: > 0 } block ? block.Location
            : blocks.FirstOrDefault(b => path.Contains(b.Name, StringComparison.Ordinal)).Location is { Line: > 0 } at ? at
            : blocks.Count > 0 ? blocks[0].Location : SourceLocation.None;

        // VRRP, IPVS and the checkers bind and validate side by side; diagnostics in the sequential order
        // (VRRP, IPVS, checkers), and as before, a binder failure ends the validation at that point.
        VrrpOptions? vrrpOptions = null;
        LvsBinding? lvsBinding = null;
        CheckerOptions? checkerOptions = null;
        var ipvsLane = lvs ? Task.Run(() => Lane(d, blocks, Ipvs)) : null;
        var checkersLane = lvs ? Task.Run(() => Lane(d, blocks, Checkers)) : null;
        var completed = !vrrp || Append(d, Lane(d, blocks, Vrrp));
        if (completed && ipvsLane is not null) completed = Append(d, ipvsLane.GetAwaiter().GetResult());
        if (completed && checkersLane is not null) Append(d, checkersLane.GetAwaiter().GetResult());
        try { Task.WaitAll(new[] { ipvsLane, checkersLane }.OfType<Task>().ToArray()); } catch (AggregateException) { }
        return new LibraryOptions(vrrpOptions, lvsBinding, checkerOptions);

        void Vrrp(ConfigDiagnostics lane)
        {
            var options = VrrpOptionsBinder.Bind(model);
            foreach (var e in LvsDirector.Vrrp.Configuration.VrrpOptionsValidator.Validate(options))
                lane.Fatal(Where(e.ToString()), $"VRRP refuses {e}");
            // vrrp_strict changes behaviour silently in keepalived; say what it does, one line each.
            var strictAt = model.GetObject("global_defs")?["vrrp_strict"]?.Location ?? SourceLocation.None;
            foreach (var line in LvsDirector.Vrrp.Configuration.VrrpStrictMode.Consequences(options))
                lane.Warning(strictAt, line);
            vrrpOptions = options;
        }

        void Ipvs(ConfigDiagnostics lane)
        {
            var binding = IpvsOptionsBinder.Bind(model, lane);
            foreach (var e in LvsDirector.Ipvs.Configuration.IpvsOptionsValidator.Validate(binding.Options))
                lane.Fatal(Where(e.ToString()), $"IPVS refuses {e}");
            lvsBinding = binding;
        }

        void Checkers(ConfigDiagnostics lane)
        {
            var options = CheckerOptionsBinder.Bind(model);
            foreach (var e in LvsDirector.Checkers.Configuration.CheckerOptionsValidator.Validate(options))
                lane.Fatal(Where(e.ToString()), $"checkers refuse {e}");
            checkerOptions = options;
        }
    }

    private static (ConfigDiagnostics Diagnostics, bool Completed) Lane(ConfigDiagnostics parent, List<(string Name, SourceLocation Location)> blocks, Action<ConfigDiagnostics> work)
    {
        var lane = parent.CreateEmpty();
        try
        {
            work(lane);
            return (lane, true);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // A binder meeting a value the validators let through is a bug of ours, but it must not crash -t.
            lane.Fatal(blocks.Count > 0 ? blocks[0].Location : SourceLocation.None, $"cannot bind the configuration: {e.Message}");
            return (lane, false);
        }
    }

    private static bool Append(ConfigDiagnostics d, (ConfigDiagnostics Diagnostics, bool Completed) lane)
    {
        d.Append(lane.Diagnostics);
        return lane.Completed;
    }
}
