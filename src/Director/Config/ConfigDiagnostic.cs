namespace LvsDirector.Config;

/// <summary>One message about the configuration, printed in keepalived's shape <c>(FILE: Line N) message</c>.</summary>
internal sealed record ConfigDiagnostic(DiagnosticSeverity Severity, SourceLocation Location, string Message)
{
    /// <summary>The diagnostic concerns scripts run without enable_script_security (keepalived -t exit 5).</summary>
    public bool IsScriptSecurity { get; init; }

    public override string ToString()
    {
        var prefix = Severity switch
        {
            DiagnosticSeverity.Warning => "WARNING - ",
            DiagnosticSeverity.Fatal => "FATAL - ",
            _ => "",
        };
        return Location.Line > 0 ? $"{Location} {prefix}{Message}" : $"{prefix}{Message}";
    }
}
