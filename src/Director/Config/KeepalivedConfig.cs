using LvsDirector.Config.Model;

namespace LvsDirector.Config;

/// <summary>The result of loading a keepalived.conf: the effective model, every diagnostic, and the files read.</summary>
internal sealed record KeepalivedConfig(ConfigObject Model, ConfigDiagnostics Diagnostics, IReadOnlyList<string> Files)
{
    /// <summary>The libraries' options bound while validating (parts not bound there are null).</summary>
    public Binding.LibraryOptions Bound { get; init; } = Binding.LibraryOptions.None;

    /// <summary>True when the configuration can run (no fatal diagnostic).</summary>
    public bool CanRun => !Diagnostics.HasFatal;
}
