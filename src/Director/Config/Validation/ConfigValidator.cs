using LvsDirector.Config.Model;

namespace LvsDirector.Config.Validation;

/// <summary>Checks the effective model with keepalived's meaning; every rule reports, none stops the others.</summary>
internal static class ConfigValidator
{
    public static void Validate(ConfigObject model, ConfigDiagnostics diagnostics, ConfigLoadOptions options)
    {
    }
}
