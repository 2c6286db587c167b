using LvsDirector.Config.Model;
using LvsDirector.Config.Schema;
using LvsDirector.Config.Syntax;

namespace LvsDirector.Config.Binding;

/// <summary>
/// Gives the syntax tree its meaning: reads every statement through its section's keyword table into
/// the effective model, fills in defaults, and reports unknown, deprecated, unsupported and malformed
/// keywords with file and line. Never stops at the first problem.
/// </summary>
internal sealed class SchemaBinder
{
    private readonly ParseContext _context;

    public SchemaBinder(ConfigDiagnostics diagnostics) => _context = new ParseContext(diagnostics);

    /// <summary>
    /// Binds the whole tree. Each top-level block's children are dropped once it is bound, so that a large
    /// configuration never holds its whole syntax tree and its whole model at once: the tree is used up.
    /// </summary>
    public ConfigObject Bind(ConfigNode root, SectionSchema schema)
    {
        var model = new ConfigObject(SourceLocation.None);
        BindBlock(root.Children ?? new List<ConfigNode>(), schema, model, release: true);
        return model;
    }

    public void BindBlock(List<ConfigNode> statements, SectionSchema schema, ConfigObject into) => BindBlock(statements, schema, into, release: false);

    /// <summary>Binds one top-level statement and drops its syntax tree (see <see cref="BindingPipeline"/>).</summary>
    public void BindTopLevel(ConfigNode node, SectionSchema schema, ConfigObject into)
    {
        BindNode(node, schema, into);
        node.Children = null;
    }

    /// <summary>Ends a top-level binding: the root section's defaults.</summary>
    public static void CompleteTopLevel(SectionSchema schema, ConfigObject into) => ApplyDefaults(schema, into);

    private void BindBlock(List<ConfigNode> statements, SectionSchema schema, ConfigObject into, bool release)
    {
        foreach (var node in statements)
        {
            BindNode(node, schema, into);
            if (release) node.Children = null;
        }
        ApplyDefaults(schema, into);
    }

    private void BindNode(ConfigNode node, SectionSchema schema, ConfigObject into)
    {
        _context.Location = node.Location;
        _context.Section = schema.Name;
        var spec = schema.Find(node.Keyword);
        if (spec is null)
        {
            if (schema.Fallback is not null && schema.Fallback(_context, node, into)) return;
            var where = schema.Name.Length == 0 ? "" : $" in {schema.Name}";
            _context.Warning(node.IsBlock
                ? $"Unknown keyword '{node.Keyword}'{where}: its block is ignored"
                : $"Unknown keyword '{node.Keyword}'{where}");
            return;
        }
        if (spec.ReplacedBy is not null)
            _context.Warning($"'{spec.Name}' is deprecated: use '{spec.ReplacedBy}'");
        if (spec.Unsupported is not null)
            _context.Warning($"'{spec.Name}' is not supported by lvs-director ({spec.Unsupported}): accepted and ignored");
        BindStatement(node, spec, into);
    }

    private static void ApplyDefaults(SectionSchema schema, ConfigObject into)
    {
        foreach (var spec in schema.KeywordsWithDefaults)
        {
            if (!into.Contains(spec.Key)) into.Set(spec.Key, spec.Default!);
        }
    }

    private void BindStatement(ConfigNode node, KeywordSpec spec, ConfigObject into)
    {
        switch (spec.Kind)
        {
            case ValueKind.Block:
            {
                if (!node.IsBlock)
                {
                    _context.Error($"'{node.Keyword}' needs a block {{ … }}");
                    return;
                }
                var blockSchema = spec.Block ?? new SectionSchema(spec.Name);
                var block = new ConfigObject(node.Location,
                    node.Args.Length + node.Children!.Count + blockSchema.KeywordsWithDefaults.Length + blockSchema.FilledKeys);
                if (spec.Parser is not null)
                {
                    _context.Header = block;
                    var headerValue = spec.Parser(_context, node.Keyword, node.Args);
                    _context.Header = null;
                    if (headerValue is not ConfigObject header) return;
                    if (!ReferenceEquals(header, block))
                    {
                        var entries = header.Entries;
                        for (var i = 0; i < entries.Length; i++) block.Set(entries[i].Key, entries[i].Value);
                    }
                }
                else if (node.Args.Length > 0)
                {
                    _context.Warning($"'{node.Keyword}': unexpected arguments '{string.Join(' ', node.Args)}' ignored");
                }
                BindBlock(node.Children!, blockSchema, block);
                Store(spec, into, block);
                return;
            }
            case ValueKind.ItemBlock:
            {
                if (!node.IsBlock)
                {
                    _context.Error($"'{node.Keyword}' needs a block {{ … }}");
                    return;
                }
                var items = into[spec.Key] as ConfigArray ?? new ConfigArray(new List<ConfigValue>(), node.Location);
                foreach (var child in node.Children!)
                {
                    _context.Location = child.Location;
                    if (child.IsBlock)
                    {
                        _context.Error($"'{child.Keyword}' in {node.Keyword}: unexpected block ignored");
                        continue;
                    }
                    if (spec.Parser!(_context, child.Keyword, child.Args) is { } item) items.Items.Add(item);
                }
                into.Set(spec.Key, items);
                return;
            }
        }
        if (node.IsBlock)
        {
            _context.Error($"'{node.Keyword}' does not take a block: the block is ignored");
        }
        _context.Target = into;
        var parsed = ParseScalar(node, spec);
        if (parsed is not null) Store(spec, into, parsed);
    }

    private static void Store(KeywordSpec spec, ConfigObject into, ConfigValue value)
    {
        if (spec.Repeatable) into.Append(spec.Key, value);
        else into.Set(spec.Key, value);
    }

    private ConfigValue? ParseScalar(ConfigNode node, KeywordSpec spec)
    {
        var args = node.Args;
        var c = _context;
        if (args.Length == 0 && spec.ValueWhenOmitted is not null) return spec.ValueWhenOmitted with { Location = node.Location };
        switch (spec.Kind)
        {
            case ValueKind.Flag:
                if (args.Length > 0) c.Warning($"'{node.Keyword}' takes no value: '{string.Join(' ', args)}' ignored");
                return c.Bool(true);
            case ValueKind.OptionalBool:
                if (args.Length == 0) return c.Bool(true);
                if (ParseContext.TryParseBool(args[0], out var b)) return c.Bool(b);
                c.Error($"{node.Keyword}: '{args[0]}' is not a boolean (on|off|true|false|yes|no)");
                return null;
            case ValueKind.Custom:
                return spec.Parser!(c, node.Keyword, args);
            case ValueKind.Text:
                if (args.Length == 0)
                {
                    c.Error($"'{node.Keyword}' needs a value");
                    return null;
                }
                return c.Str(string.Join(' ', args));
            case ValueKind.Script:
                return ParseScript(node.Keyword, args);
        }
        if (args.Length == 0)
        {
            c.Error($"'{node.Keyword}' needs a value");
            return null;
        }
        if (args.Length > 1) c.Warning($"'{node.Keyword}': extra arguments '{string.Join(' ', args.Skip(1))}' ignored");
        var word = args[0];
        switch (spec.Kind)
        {
            case ValueKind.Integer:
                return c.TryInteger(node.Keyword, word, (long)Math.Max(spec.Min, long.MinValue), (long)Math.Min(spec.Max, long.MaxValue), out var l) ? c.Int(l) : null;
            case ValueKind.Timer:
                return c.TryTimer(node.Keyword, word, spec.Min, spec.Max, out var d) ? c.Num(d) : null;
            case ValueKind.Word:
                return c.Str(word);
            case ValueKind.Enum:
            {
                string? match = null; // a loop, not FirstOrDefault: its closure over `word` was allocated for every scalar
                foreach (var v in spec.EnumValues!)
                {
                    if (!string.Equals(v, word, StringComparison.OrdinalIgnoreCase)) continue;
                    match = v;
                    break;
                }
                if (match is null)
                {
                    c.Error($"{node.Keyword}: '{word}' is not one of {string.Join(", ", spec.EnumValues!)}");
                    return null;
                }
                return c.Str(match);
            }
            case ValueKind.Address:
                return c.TryAddress(node.Keyword, word, out var a) ? c.Str(a.ToString()) : null;
            default:
                c.Error($"'{node.Keyword}': cannot read a value of kind {spec.Kind}");
                return null;
        }
    }

    /// <summary>
    /// A script spec (keepalived.conf(5) "SCRIPTS"): <c>"path args" [user [[:]group]]</c>, or an unquoted
    /// <c>path args…</c>. The model holds <c>{"command": …, "user": …, "group": …}</c>.
    /// </summary>
    public ConfigObject? ParseScript(string keyword, string[] args) => ScriptSpec.Parse(_context, keyword, args);
}
