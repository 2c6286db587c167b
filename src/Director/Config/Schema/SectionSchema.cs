namespace LvsDirector.Config.Schema;

/// <summary>The keywords of one block (or of the top level).</summary>
/// <remarks>
/// The methods that build the keyword tables run once per process and are marked NoOptimization: the
/// Director JIT-compiles its code optimized at first call (TieredCompilationQuickJit=false), and optimizing
/// these long table builders cost ~50 ms of a -t run for nothing.
/// </remarks>
internal sealed class SectionSchema
{
    private readonly Dictionary<string, KeywordSpec> _keywords = new(StringComparer.Ordinal);
    private KeywordSpec[]? _withDefaults;

    public SectionSchema(string name, params KeywordSpec[] keywords)
    {
        Name = name;
        Add(keywords);
    }

    /// <summary>The section's name in diagnostics ("vrrp_instance", "global_defs", …).</summary>
    public string Name { get; }

    /// <summary>
    /// Reads a statement this schema does not know (e.g. the old vrrp_sync_group member lines); returns
    /// true when it handled it.
    /// </summary>
    public Func<ParseContext, Syntax.ConfigNode, Model.ConfigObject, bool>? Fallback { get; init; }

    /// <summary>
    /// How many keys validation fills into each block of this section after binding (a checker's inherited
    /// timings): with its statements and defaults, the size its object gets up front.
    /// </summary>
    public int FilledKeys { get; init; }

    public IEnumerable<KeywordSpec> Keywords => _keywords.Values;

    /// <summary>
    /// The keywords whose default goes into the model when absent (not deprecated synonyms), in table order;
    /// computed once, since every block of a large configuration asks.
    /// </summary>
    public KeywordSpec[] KeywordsWithDefaults => _withDefaults ??= _keywords.Values.Where(k => k.Default is not null && k.ReplacedBy is null).ToArray();

    public SectionSchema Add(params KeywordSpec[] keywords)
    {
        foreach (var k in keywords) _keywords[k.Name] = k;
        _withDefaults = null;
        return this;
    }

    public KeywordSpec? Find(string keyword) => _keywords.GetValueOrDefault(keyword);
}
