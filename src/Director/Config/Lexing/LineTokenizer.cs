using System.Text;

namespace LvsDirector.Config.Lexing;

/// <summary>
/// Splits one logical line into words the way keepalived.conf(5) "PARAMETER SYNTAX" describes:
/// whitespace separates words; <c>{</c> and <c>}</c> are words of their own; <c>"…"</c> and <c>'…'</c>
/// keep inner whitespace and take shell-style escapes; adjacent quoted and unquoted text is one word;
/// <c>#</c> or <c>!</c> outside quotes starts a comment.
/// </summary>
internal static class LineTokenizer
{
    /// <summary>The line without its comment (quotes respected).</summary>
    public static string StripComment(string line)
    {
        var at = CommentStart(line);
        return at < 0 ? line : line[..at];
    }

    /// <summary>Index of the comment start (outside quotes), or -1.</summary>
    public static int CommentStart(ReadOnlySpan<char> line)
    {
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\' && i + 1 < line.Length) i++;
                else if (c == quote) quote = '\0';
            }
            else if (c == '"' || c == '\'') quote = c;
            else if (c == '#' || c == '!') return i;
        }
        return -1;
    }

    /// <summary>True when the line has nothing but plain words and braces: no quotes, no escapes.</summary>
    public static bool IsPlain(ReadOnlySpan<char> line) => line.IndexOfAny('"', '\'', '\\') < 0;

    /// <summary>Tokenizes a plain line (see <see cref="IsPlain"/>) into <paramref name="tokens"/>, without copies beyond the pooled words.</summary>
    public static void TokenizePlain(ReadOnlySpan<char> line, List<ConfigToken> tokens, TokenPool pool)
    {
        tokens.Clear();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '{' || c == '}')
            {
                tokens.Add(new ConfigToken(c == '{' ? "{" : "}", false));
                i++;
                continue;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != '{' && line[i] != '}') i++;
            tokens.Add(new ConfigToken(pool.Get(line[start..i]), false));
        }
    }

    /// <summary>Tokenizes a comment-free line; <paramref name="error"/> names an unterminated quote.</summary>
    public static List<ConfigToken> Tokenize(string line, out string? error)
    {
        error = null;
        var tokens = new List<ConfigToken>();
        var word = new StringBuilder();
        var inWord = false;
        var quoted = false;
        var i = 0;
        void Flush()
        {
            if (inWord) tokens.Add(new ConfigToken(word.ToString(), quoted));
            word.Clear();
            inWord = false;
            quoted = false;
        }
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
                i++;
            }
            else if ((c == '{' || c == '}'))
            {
                Flush();
                tokens.Add(new ConfigToken(c.ToString(), false));
                i++;
            }
            else if (c == '"' || c == '\'')
            {
                inWord = true;
                quoted = true;
                var close = ReadQuoted(line, i + 1, c, word);
                if (close < 0)
                {
                    error = $"unterminated quoted string starting with {c}";
                    Flush();
                    return tokens;
                }
                i = close + 1;
            }
            else
            {
                inWord = true;
                word.Append(c);
                i++;
            }
        }
        Flush();
        return tokens;
    }

    // Returns the index of the closing quote, or -1.
    private static int ReadQuoted(string s, int i, char quote, StringBuilder into)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == quote) return i;
            if (c == '\\' && i + 1 < s.Length)
            {
                i = ReadEscape(s, i + 1, into);
                continue;
            }
            into.Append(c);
            i++;
        }
        return -1;
    }

    // Shell-style escapes (keepalived.conf(5) "Quoted strings"): \a \b \E \f \n \r \t \v \nnn \xXX \cC.
    private static int ReadEscape(string s, int i, StringBuilder into)
    {
        var c = s[i];
        switch (c)
        {
            case 'a': into.Append('\a'); return i + 1;
            case 'b': into.Append('\b'); return i + 1;
            case 'E': case 'e': into.Append('\u001b'); return i + 1;
            case 'f': into.Append('\f'); return i + 1;
            case 'n': into.Append('\n'); return i + 1;
            case 'r': into.Append('\r'); return i + 1;
            case 't': into.Append('\t'); return i + 1;
            case 'v': into.Append('\v'); return i + 1;
            case 'x':
            {
                var j = i + 1;
                var value = 0;
                while (j < s.Length && j < i + 3 && Uri.IsHexDigit(s[j])) value = value * 16 + Convert.ToInt32(s[j++].ToString(), 16);
                if (j == i + 1) { into.Append('x'); return i + 1; }
                into.Append((char)value);
                return j;
            }
            case 'c' when i + 1 < s.Length:
                into.Append((char)(char.ToUpperInvariant(s[i + 1]) ^ 0x40));
                return i + 2;
            case >= '0' and <= '7':
            {
                var j = i;
                var value = 0;
                while (j < s.Length && j < i + 3 && s[j] is >= '0' and <= '7') value = value * 8 + (s[j++] - '0');
                into.Append((char)(value & 0xff));
                return j;
            }
            default:
                into.Append(c);
                return i + 1;
        }
    }
}
