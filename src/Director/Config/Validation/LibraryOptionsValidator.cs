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
        var blocks = NamedBlocks(model);
        SourceLocation Where(string path) =>
            path.StartsWith("static_", StringComparison.Ordinal) && model[path.Split('[', '.', ':')[0]] is { Location.Line: > 0 } block ? block.Location
            : blocks.Find(b => path.Contains(b.Name, StringComparison.Ordinal))?.Location is { Line: > 0 } at ? at
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

    internal sealed record NamedBlock(string Name, SourceLocation Location, int Index);

    // The blocks a library error can name, longest name first (a refusal of "VI_10" must not point at "VI_1"), in the
    // order written among equals. A class and a plain sort rather than LINQ over value tuples: those generic
    // instantiations are not in the ReadyToRun image: 27 methods compiled at start-up, each dear under emulation.
    internal static List<NamedBlock> NamedBlocks(ConfigObject model)
    {
        var blocks = new List<NamedBlock>();
        foreach (var v in model.GetObjects("vrrp_instance"))
        {
            if (v.GetString("name") is { Length: > 0 } name) blocks.Add(new(name, v.Location, blocks.Count));
        }
        foreach (var v in model.GetObjects("virtual_server"))
        {
            if (LvsValidator.Describe(v) is { Length: > 0 } name) blocks.Add(new(name, v.Location, blocks.Count));
        }
        blocks.Sort(static (a, b) => a.Name.Length != b.Name.Length ? b.Name.Length.CompareTo(a.Name.Length) : a.Index.CompareTo(b.Index));
        return blocks;
    }

    private static (ConfigDiagnostics Diagnostics, bool Completed) Lane(ConfigDiagnostics parent, List<NamedBlock> blocks, Action<ConfigDiagnostics> work)
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
