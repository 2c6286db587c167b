namespace LvsDirector.Config.Syntax;

/// <summary>
/// One statement of the syntax tree: a keyword, its arguments, and for a block its children.
/// The tree knows no keyword meanings; <see cref="Binding.SchemaBinder"/> gives it them.
/// </summary>
internal sealed class ConfigNode
{
    private static readonly string[] NoArgs = [];

    public ConfigNode(string keyword, string[] args, SourceLocation location)
    {
        Keyword = keyword;
        Args = args.Length == 0 ? NoArgs : args;
        Location = location;
    }

    public string Keyword { get; }
    public string[] Args { get; }
    public SourceLocation Location { get; }

    /// <summary>Children of a block; null when the statement has no block.</summary>
    public List<ConfigNode>? Children { get; set; }

    public bool IsBlock => Children is not null;

    public override string ToString() => Args.Length == 0 ? Keyword : Keyword + " " + string.Join(' ', Args);
}
