namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// <c>FILE_CHECK</c>: the integer in a tracked file. The Director resolves <c>track_file NAME</c> to its path
/// and default weight. Result r = value × weight (negated with <see cref="Reverse"/>). Weight 0: non-zero
/// content fails. Otherwise, without <see cref="Dynamic"/>, r &lt; 0 fails; with it, r is added to the weight.
/// </summary>
public sealed record FileCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.File;

    /// <summary>The tracked file.</summary>
    public required string Path { get; init; }

    /// <summary><c>weight N</c>; default 1.</summary>
    public int Weight { get; init; } = 1;

    /// <summary><c>weight N reverse</c>.</summary>
    public bool Reverse { get; init; }

    /// <summary><c>dynamic</c>: add value × weight to the real server's weight.</summary>
    public bool Dynamic { get; init; }
}
