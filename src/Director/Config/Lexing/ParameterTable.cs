using System.Text;

namespace LvsDirector.Config.Lexing;

/// <summary>
/// keepalived.conf(5) "ADVANCED CONFIGURATION" parameters: <c>$NAME=VALUE</c> definitions and their
/// substitution as <c>$NAME</c> (followed by whitespace or the end of the line) or <c>${NAME}</c>,
/// resolved at use time and recursively; undefined names are left as written. Predefined:
/// <c>${_PWD} ${_INSTANCE} ${_RANDOM [MIN [MAX]]} ${_ENV VAR} ${_HASH} ${_BANG}</c>.
/// </summary>
internal sealed class ParameterTable
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly string _instance;
    private Random _random;

    public ParameterTable(string instance, int? randomSeed = null)
    {
        _instance = instance;
        _random = randomSeed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>Directory of the file being read, for <c>${_PWD}</c>.</summary>
    public string CurrentDirectory { get; set; } = Environment.CurrentDirectory;

    public void Reseed(int seed) => _random = new Random(seed);

    public bool IsDefined(string name) => _values.ContainsKey(name);

    public void Define(string name, string value) => _values[name] = value;

    public void Undefine(string name) => _values.Remove(name);

    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    /// <summary>
    /// Tries to read a definition line <c>$NAME=VALUE</c> (no whitespace before '=').
    /// </summary>
    public static bool TryParseDefinition(string trimmedLine, out string name, out string value)
    {
        name = value = "";
        if (trimmedLine.Length < 2 || trimmedLine[0] != '$') return false;
        var eq = trimmedLine.IndexOf('=');
        if (eq < 2) return false;
        var candidate = trimmedLine.AsSpan(1, eq - 1);
        if (!IsValidName(candidate)) return false;
        name = candidate.ToString();
        value = trimmedLine[(eq + 1)..].Trim();
        return true;
    }

    /// <summary>Substitutes parameters until nothing changes; <paramref name="error"/> reports runaway recursion or growth.</summary>
    public string Substitute(string text, int maxDepth, int maxLength, out string? error)
    {
        error = null;
        if (text.IndexOf('$') < 0) return text;
        for (var depth = 0; depth < maxDepth; depth++)
        {
            var next = SubstituteOnce(text, out var changed);
            if (!changed) return next;
            if (next.Length > maxLength)
            {
                error = $"line grows beyond {maxLength} characters while substituting parameters";
                return text;
            }
            text = next;
        }
        error = $"parameter substitution still changing after {maxDepth} rounds (recursive definition?)";
        return text;
    }

    private string SubstituteOnce(string text, out bool changed)
    {
        changed = false;
        var sb = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close > 0 && TryResolveBraced(text.AsSpan(i + 2, close - i - 2), out var braced))
                {
                    sb.Append(braced);
                    changed = true;
                    i = close + 1;
                    continue;
                }
                sb.Append(c);
                i++;
                continue;
            }
            var j = i + 1;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_')) j++;
            var bare = text.AsSpan(i + 1, j - i - 1);
            // $NAME must be followed by whitespace or the end of the line (keepalived.conf(5)).
            if (bare.Length > 0 && (j == text.Length || char.IsWhiteSpace(text[j])) && TryResolveName(bare.ToString(), out var value))
            {
                sb.Append(value);
                changed = true;
                i = j;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private bool TryResolveName(string name, out string value)
    {
        if (_values.TryGetValue(name, out value!)) return true;
        return TryResolvePredefined(name, ReadOnlySpan<char>.Empty, out value);
    }

    private bool TryResolveBraced(ReadOnlySpan<char> inner, out string value)
    {
        inner = inner.Trim();
        var space = inner.IndexOfAny(' ', '\t');
        var name = space < 0 ? inner : inner[..space];
        var args = space < 0 ? ReadOnlySpan<char>.Empty : inner[(space + 1)..].Trim();
        if (args.IsEmpty && _values.TryGetValue(name.ToString(), out value!)) return true;
        return TryResolvePredefined(name.ToString(), args, out value);
    }

    private bool TryResolvePredefined(string name, ReadOnlySpan<char> args, out string value)
    {
        value = "";
        switch (name)
        {
            case "_PWD":
                value = CurrentDirectory;
                return true;
            case "_INSTANCE":
                value = _instance;
                return true;
            case "_HASH":
                value = "#";
                return true;
            case "_BANG":
                value = "!";
                return true;
            case "_ENV":
                value = args.IsEmpty ? "" : Environment.GetEnvironmentVariable(args.ToString()) ?? "";
                return true;
            case "_RANDOM":
            {
                long min = 0, max = 32767;
                var parts = args.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 1 && long.TryParse(parts[0], out var a)) min = a;
                if (parts.Length >= 2 && long.TryParse(parts[1], out var b)) max = b;
                if (max < min) (min, max) = (max, min);
                value = _random.NextInt64(min, max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            }
            default:
                return false;
        }
    }
}
