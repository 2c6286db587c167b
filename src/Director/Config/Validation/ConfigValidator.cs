using LvsDirector.Config.Binding;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Validation;

/// <summary>
/// Checks the effective model with keepalived's meaning. One small validator per aspect; none
/// short-circuits, so every problem is reported in one pass. Fix-ups keepalived would make are applied
/// to the model and reported as errors (keepalived -t exit 4).
/// </summary>
internal static class ConfigValidator
{
    /// <summary>Validates; returns the libraries' options bound on the way (none when something was fatal).</summary>
    public static LibraryOptions Validate(ConfigObject model, ConfigDiagnostics diagnostics, ConfigLoadOptions options)
    {
        var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None);
        // The VRRP and LVS validators read and fix up disjoint parts of the model: they run side by side, and
        // their diagnostics are appended in the order a sequential run gives (issue 2: load time).
        var lvs = Task.Run(() =>
        {
            var d = diagnostics.CreateEmpty();
            LvsValidator.Validate(model, global, d);
            return d;
        });
        var vrrp = diagnostics.CreateEmpty();
        VrrpValidator.Validate(model, global, vrrp, options);
        diagnostics.Append(vrrp);
        diagnostics.Append(lvs.GetAwaiter().GetResult());
        LvsValidator.DropVirtualServersWithoutRealServers(model);

        // The libraries' own validators only read the finished model; they start beside the script checks and
        // their findings count only when the script checks found nothing fatal either (as when run after them).
        var library = diagnostics.HasFatal ? null : Task.Run(() =>
        {
            var d = diagnostics.CreateEmpty();
            var bound = LibraryOptionsValidator.Validate(model, d, options.ValidateVrrp, options.ValidateLvs);
            return (Diagnostics: d, Bound: bound);
        });
        ScriptValidator.Validate(model, global, diagnostics, options);
        if (library is null) return LibraryOptions.None;
        if (diagnostics.HasFatal)
        {
            // Not wanted: let it end, whatever it met.
            try { library.Wait(); } catch (AggregateException) { }
            return LibraryOptions.None;
        }
        var (found, boundOptions) = library.GetAwaiter().GetResult();
        diagnostics.Append(found);
        return diagnostics.HasFatal ? LibraryOptions.None : boundOptions;
    }
}
