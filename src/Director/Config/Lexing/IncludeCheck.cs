namespace LvsDirector.Config.Lexing;

/// <summary>keepalived's <c>include_check</c> options: which failures of an include are errors.</summary>
[Flags]
internal enum IncludeCheck
{
    None = 0,
    /// <summary>Every matched file must be readable.</summary>
    Readable = 1,
    /// <summary>The include must match at least one file.</summary>
    Match = 2,
    /// <summary>Every wildcard pattern must match at least one file.</summary>
    WildcardMatch = 4,
    /// <summary>Every brace alternative must match at least one file.</summary>
    BraceMatch = 8,
    All = Readable | Match | WildcardMatch | BraceMatch,
}
