using LvsDirector.Config.Model;

namespace LvsDirector.Config.Validation;

/// <summary>
/// Checks the effective model with keepalived's meaning. One small validator per aspect; none
/// short-circuits, so every problem is reported in one pass. Fix-ups keepalived would make are applied
/// to the model and reported as errors (keepalived -t exit 4).
/// </summary>
internal static class ConfigValidator
{
    public static void Validate(ConfigObject model, ConfigDiagnostics diagnostics, ConfigLoadOptions options)
    {
        var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None);
        VrrpValidator.Validate(model, global, diagnostics, options);
        LvsValidator.Validate(model, global, diagnostics);
        ScriptValidator.Validate(model, global, diagnostics, options);
        if (!diagnostics.HasFatal) LibraryOptionsValidator.Validate(model, diagnostics, options.ValidateVrrp, options.ValidateLvs);
    }
}
