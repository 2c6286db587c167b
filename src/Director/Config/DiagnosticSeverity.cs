namespace LvsDirector.Config;

/// <summary>How bad a configuration diagnostic is; the order maps onto keepalived's -t exit codes.</summary>
internal enum DiagnosticSeverity
{
    /// <summary>Accepted as written; something the operator should know (deprecated keyword, unknown keyword, environment).</summary>
    Warning,

    /// <summary>Wrong, but fixed up the way keepalived fixes it up (e.g. a value out of range replaced by the default): exit 4.</summary>
    Error,

    /// <summary>The configuration cannot run: exit 3.</summary>
    Fatal,
}
