using System.Globalization;
using System.Text;

namespace LvsDirector.Config.Lexing;

/// <summary>
/// keepalived.conf(5) line repetition: <c>~SEQ(var, [start,] [step,] end) rest</c>, <c>~SEQx(…)</c>
/// (hex values) and <c>~LST(var, v1, v2, …)</c> / <c>~LST({a,b},{1,2},{3,4})</c>. Each produces the rest
/// of the line once per value with <c>$var</c>/<c>${var}</c> replaced; several on one line nest into a
/// cartesian product because the rest is processed again as a line.
/// </summary>
internal static class SequenceExpander
{
    public static bool IsSequenceLine(string trimmed) =>
        trimmed.StartsWith("~SEQ(", StringComparison.Ordinal) ||
        trimmed.StartsWith("~SEQx(", StringComparison.Ordinal) ||
        trimmed.StartsWith("~LST(", StringComparison.Ordinal);

    /// <summary>A parsed repetition: variable names and one value tuple per repetition, plus the rest of the line.</summary>
    public sealed record Repetition(IReadOnlyList<string> Variables, long Count, Func<long, IReadOnlyList<string>> ValuesAt, string Rest);

    public static bool TryParse(string trimmed, long maxCount, out Repetition? repetition, out string? error)
    {
        repetition = null;
        error = null;
        var open = trimmed.IndexOf('(');
        var kind = trimmed[1..open];
        var close = FindClose(trimmed, open);
        if (close < 0)
        {
            error = $"~{kind}: missing ')'";
            return false;
        }
        var args = SplitArgs(trimmed.Substring(open + 1, close - open - 1));
        var rest = trimmed[(close + 1)..].TrimStart();
        if (kind == "LST") return TryParseList(args, rest, maxCount, out repetition, out error);

        var hex = kind == "SEQx";
        if (args.Count is < 2 or > 4)
        {
            error = $"~{kind} needs (var, [start,] [step,] end)";
            return false;
        }
        var variable = args[0];
        if (!ParameterTable.IsValidName(variable))
        {
            error = $"~{kind}: invalid variable name '{variable}'";
            return false;
        }
        var numbers = new long[args.Count - 1];
        for (var i = 1; i < args.Count; i++)
        {
            if (!long.TryParse(args[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i - 1]))
            {
                error = $"~{kind}: '{args[i]}' is not an integer";
                return false;
            }
        }
        long start, step, end;
        switch (numbers.Length)
        {
            case 1:
                end = numbers[0];
                start = end < 0 ? -1 : 1;
                step = end < start ? -1 : 1;
                break;
            case 2:
                start = numbers[0];
                end = numbers[1];
                step = end < start ? -1 : 1;
                break;
            default:
                start = numbers[0];
                step = numbers[1];
                end = numbers[2];
                break;
        }
        if (step == 0)
        {
            error = $"~{kind}: step must not be 0";
            return false;
        }
        if (hex && (start < 0 || end < 0))
        {
            error = "~SEQx takes positive values only";
            return false;
        }
        var span = (decimal)end - start;
        var count = span / step < 0 ? 0 : (long)Math.Floor(span / step) + 1;
        if (count > maxCount)
        {
            error = $"~{kind} would generate {count} lines, more than the limit of {maxCount}";
            return false;
        }
        repetition = new Repetition(new[] { variable }, count,
            n =>
            {
                var v = start + n * step;
                return new[] { hex ? v.ToString("x", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture) };
            }, rest);
        return true;
    }

    private static bool TryParseList(List<string> args, string rest, long maxCount, out Repetition? repetition, out string? error)
    {
        repetition = null;
        error = null;
        if (args.Count < 2)
        {
            error = "~LST needs (var, value, …)";
            return false;
        }
        var variables = Unbrace(args[0]);
        foreach (var v in variables)
        {
            if (!ParameterTable.IsValidName(v))
            {
                error = $"~LST: invalid variable name '{v}'";
                return false;
            }
        }
        var tuples = new List<IReadOnlyList<string>>();
        for (var i = 1; i < args.Count; i++)
        {
            var tuple = variables.Count == 1 ? new List<string> { StripBraces(args[i]) } : Unbrace(args[i]);
            if (tuple.Count != variables.Count)
            {
                error = $"~LST: '{args[i]}' has {tuple.Count} values for {variables.Count} variables";
                return false;
            }
            tuples.Add(tuple);
        }
        if (tuples.Count > maxCount)
        {
            error = $"~LST would generate {tuples.Count} lines, more than the limit of {maxCount}";
            return false;
        }
        repetition = new Repetition(variables, tuples.Count, n => tuples[(int)n], rest);
        return true;
    }

    /// <summary>Replaces <c>$var</c> (before whitespace or the end) and <c>${var}</c> by value.</summary>
    public static string Bind(string text, IReadOnlyList<string> variables, IReadOnlyList<string> values)
    {
        for (var i = 0; i < variables.Count; i++)
        {
            var name = variables[i];
            text = text.Replace("${" + name + "}", values[i], StringComparison.Ordinal);
            var token = "$" + name;
            var sb = new StringBuilder(text.Length);
            var pos = 0;
            while (true)
            {
                var at = text.IndexOf(token, pos, StringComparison.Ordinal);
                if (at < 0) break;
                var after = at + token.Length;
                var boundary = after == text.Length || !(char.IsAsciiLetterOrDigit(text[after]) || text[after] == '_');
                sb.Append(text, pos, at - pos);
                sb.Append(boundary ? values[i] : token);
                pos = after;
            }
            sb.Append(text, pos, text.Length - pos);
            text = sb.ToString();
        }
        return text;
    }

    private static int FindClose(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '(' || s[i] == '{') depth++;
            else if (s[i] == ')' || s[i] == '}')
            {
                depth--;
                if (depth == 0) return s[i] == ')' ? i : -1;
            }
        }
        return -1;
    }

    private static List<string> SplitArgs(string inner)
    {
        var result = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '{') depth++;
            else if (inner[i] == '}') depth--;
            else if (inner[i] == ',' && depth == 0)
            {
                result.Add(inner[start..i].Trim());
                start = i + 1;
            }
        }
        result.Add(inner[start..].Trim());
        return result;
    }

    private static string StripBraces(string s) => s.Length >= 2 && s[0] == '{' && s[^1] == '}' ? s[1..^1].Trim() : s;

    private static List<string> Unbrace(string s) =>
        StripBraces(s).Split(',').Select(x => x.Trim()).ToList();
}
