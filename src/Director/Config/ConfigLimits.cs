namespace LvsDirector.Config;

/// <summary>
/// Bounds on what a configuration may make the loader do, so hostile or broken input ends in a
/// diagnostic within bounded time and memory instead of exhausting the host.
/// </summary>
internal sealed record ConfigLimits
{
    public static ConfigLimits Default { get; } = new();

    /// <summary>Largest single file read (bytes).</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Total bytes over all included files.</summary>
    public long MaxTotalBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Logical lines after includes, definitions and ~SEQ/~LST expansion.</summary>
    public int MaxLogicalLines { get; init; } = 8_000_000;

    /// <summary>Lines one ~SEQ/~LST line may generate (keepalived's man page shows 65,024).</summary>
    public int MaxSequenceLines { get; init; } = 1_000_000;

    /// <summary>Nested include depth.</summary>
    public int MaxIncludeDepth { get; init; } = 32;

    /// <summary>Files one include may match.</summary>
    public int MaxIncludeMatches { get; init; } = 4096;

    /// <summary>Nested block depth (keepalived itself needs about 4).</summary>
    public int MaxBlockDepth { get; init; } = 64;

    /// <summary>Recursive $NAME substitution depth.</summary>
    public int MaxSubstitutionDepth { get; init; } = 32;

    /// <summary>Length of one logical line after substitution.</summary>
    public int MaxLineLength { get; init; } = 1024 * 1024;

    /// <summary>Diagnostics kept; more are counted but not stored.</summary>
    public int MaxDiagnostics { get; init; } = 10_000;
}
