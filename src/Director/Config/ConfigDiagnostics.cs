namespace LvsDirector.Config;

/// <summary>Collects every diagnostic of one load: nothing short-circuits, so an operator sees all problems at once.</summary>
internal sealed class ConfigDiagnostics
{
    private readonly List<ConfigDiagnostic> _items = new();
    private readonly int _max;

    public ConfigDiagnostics(int max = 10_000) => _max = max;

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    /// <summary>Diagnostics beyond the stored maximum, counted only.</summary>
    public int Dropped { get; private set; }

    public bool HasFatal { get; private set; }
    public bool HasErrors { get; private set; }
    public bool HasScriptSecurityIssue { get; private set; }

    public void Add(ConfigDiagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Fatal) HasFatal = true;
        if (diagnostic.Severity >= DiagnosticSeverity.Error) HasErrors = true;
        if (diagnostic.IsScriptSecurity) HasScriptSecurityIssue = true;
        if (_items.Count >= _max)
        {
            Dropped++;
            return;
        }
        _items.Add(diagnostic);
    }

    /// <summary>An empty collector with the same limit, for a phase that runs on its own thread.</summary>
    public ConfigDiagnostics CreateEmpty() => new(_max);

    /// <summary>Appends what another collector gathered (a phase that ran on its own thread), as if added here.</summary>
    public void Append(ConfigDiagnostics other)
    {
        foreach (var item in other._items) Add(item);
        Dropped += other.Dropped;
        HasFatal |= other.HasFatal;
        HasErrors |= other.HasErrors;
        HasScriptSecurityIssue |= other.HasScriptSecurityIssue;
    }

    public void Warning(SourceLocation at, string message) => Add(new(DiagnosticSeverity.Warning, at, message));
    public void Error(SourceLocation at, string message) => Add(new(DiagnosticSeverity.Error, at, message));
    public void Fatal(SourceLocation at, string message) => Add(new(DiagnosticSeverity.Fatal, at, message));

    /// <summary>keepalived's -t exit status: 0 valid, 3 cannot run, 4 errors fixed up, 5 scripts without script security.</summary>
    public int ConfigTestExitCode =>
        HasFatal ? 3 : HasErrors ? 4 : HasScriptSecurityIssue ? 5 : 0;
}
