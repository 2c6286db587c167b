namespace LvsDirector.Config;

/// <summary>Where a line came from: a file path and a 1-based line number.</summary>
internal readonly record struct SourceLocation(string File, int Line)
{
    public static SourceLocation None { get; } = new("", 0);

    public override string ToString() => $"({File}: Line {Line})";
}
