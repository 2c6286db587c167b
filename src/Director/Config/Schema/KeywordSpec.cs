using LvsDirector.Config.Model;

namespace LvsDirector.Config.Schema;

/// <summary>Reads a keyword line (or one line of an item block) into a value; reports problems through the context.</summary>
internal delegate ConfigValue? ValueParser(ParseContext context, string keyword, string[] args);

/// <summary>
/// What one keyword means in one section: how to read it, its range and default, where it goes in the
/// effective model, and whether it is deprecated or accepted but not supported.
/// </summary>
internal sealed record KeywordSpec(string Name, ValueKind Kind)
{
    /// <summary>The key in the effective model (the keyword, or its replacement for deprecated synonyms).</summary>
    public string Key { get; init; } = Name;

    public double Min { get; init; } = double.MinValue;
    public double Max { get; init; } = double.MaxValue;
    public IReadOnlyList<string>? EnumValues { get; init; }

    /// <summary>The default put into the effective model when the keyword is absent (null: none).</summary>
    public ConfigValue? Default { get; init; }

    /// <summary>The keyword may appear several times; the model holds an array.</summary>
    public bool Repeatable { get; init; }

    /// <summary>For Custom and ItemBlock kinds, and for block headers (arguments before '{').</summary>
    public ValueParser? Parser { get; init; }

    /// <summary>For Block kind: the keywords inside.</summary>
    public SectionSchema? Block { get; init; }

    /// <summary>Deprecated synonym: the keyword to use instead (the warning names it).</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>Accepted and stored, but lvs-director does not act on it: a warning says so.</summary>
    public string? Unsupported { get; init; }

    /// <summary>The value may be left off (e.g. <c>persistence_timeout</c> means 360 alone).</summary>
    public ConfigValue? ValueWhenOmitted { get; init; }
}
