using LvsDirector.Config.Model;

namespace LvsDirector.Config.Schema;

/// <summary>Short builders for the keyword tables, so each table reads like keepalived.conf(5).</summary>
internal static class K
{
    private static readonly SourceLocation Def = SourceLocation.None;

    public static ConfigBool DBool(bool v) => new(v, Def);
    public static ConfigInteger DInt(long v) => new(v, Def);
    public static ConfigNumber DNum(double v) => new(v, Def);
    public static ConfigString DStr(string v) => new(v, Def);

    public static KeywordSpec Flag(string name) => new(name, ValueKind.Flag);
    public static KeywordSpec Bool(string name, bool? def = null) => new(name, ValueKind.OptionalBool) { Default = def is { } d ? DBool(d) : null };
    public static KeywordSpec Int(string name, long min, long max, long? def = null) =>
        new(name, ValueKind.Integer) { Min = min, Max = max, Default = def is { } d ? DInt(d) : null };
    public static KeywordSpec Timer(string name, double min, double max, double? def = null) =>
        new(name, ValueKind.Timer) { Min = min, Max = max, Default = def is { } d ? DNum(d) : null };
    public static KeywordSpec Word(string name, string? def = null) => new(name, ValueKind.Word) { Default = def is null ? null : DStr(def) };
    public static KeywordSpec Text(string name) => new(name, ValueKind.Text);
    public static KeywordSpec Enum(string name, string? def, params string[] values) =>
        new(name, ValueKind.Enum) { EnumValues = values, Default = def is null ? null : DStr(def) };
    public static KeywordSpec Addr(string name, string? def = null) => new(name, ValueKind.Address) { Default = def is null ? null : DStr(def) };
    public static KeywordSpec Script(string name) => new(name, ValueKind.Script);
    public static KeywordSpec Custom(string name, ValueParser parser) => new(name, ValueKind.Custom) { Parser = parser };
    public static KeywordSpec Items(string name, ValueParser itemParser) => new(name, ValueKind.ItemBlock) { Parser = itemParser };
    public static KeywordSpec Block(string name, SectionSchema block, ValueParser? header = null, bool repeatable = false) =>
        new(name, ValueKind.Block) { Block = block, Parser = header, Repeatable = repeatable };

    /// <summary>A deprecated synonym stored under the replacement's key.</summary>
    public static KeywordSpec Deprecated(KeywordSpec replacement, string oldName) =>
        replacement with { Name = oldName, Key = replacement.Key, ReplacedBy = replacement.Name, Default = null };

    /// <summary>Accepted and stored, with a warning that lvs-director does not act on it.</summary>
    public static KeywordSpec Unsupported(KeywordSpec spec, string why) => spec with { Unsupported = why };

    public static KeywordSpec Repeat(KeywordSpec spec) => spec with { Repeatable = true };

    /// <summary>A header parser for blocks named by one word (vrrp_instance NAME).</summary>
    public static ValueParser NameHeader(string key = "name") => (c, keyword, args) =>
    {
        if (args.Length == 0)
        {
            c.Error($"'{keyword}' needs a name");
            return null;
        }
        if (args.Length > 1) c.Warning($"'{keyword} {args[0]}': extra words '{string.Join(' ', args.Skip(1))}' ignored");
        var o = c.Obj();
        o.Set(key, c.Str(args[0]));
        return o;
    };

    /// <summary>The interface names of a block of names, one per line.</summary>
    public static ValueParser WordItem => (c, keyword, args) =>
    {
        if (args.Length > 0) c.Warning($"'{keyword}': extra words '{string.Join(' ', args)}' ignored");
        return c.Str(keyword);
    };

    /// <summary>An item that is an IP address.</summary>
    public static ValueParser PlainAddressItem => (c, keyword, args) =>
    {
        if (args.Length > 0) c.Warning($"'{keyword}': extra words '{string.Join(' ', args)}' ignored");
        return c.TryAddress("address", keyword, out var a) ? c.Str(a.ToString()) : null;
    };
}
