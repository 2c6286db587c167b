using System.Text;
using System.Text.RegularExpressions;

namespace LvsDirector.Config.Lexing;

/// <summary>
/// Expands an <c>include</c> argument: csh brace expansion (<c>{a,b}</c>, nested), then glob
/// (<c>* ? [..]</c> in any path segment), relative to the including file's directory.
/// </summary>
internal static class IncludeResolver
{
    /// <summary>One brace alternative and the files it matched (sorted, as glob(3) sorts).</summary>
    public sealed record Alternative(string Pattern, bool HasWildcard, IReadOnlyList<string> Files);

    public static IReadOnlyList<Alternative> Resolve(string pattern, string baseDirectory, int maxMatches)
    {
        var result = new List<Alternative>();
        var total = 0;
        foreach (var alternative in ExpandBraces(pattern, 64))
        {
            var full = Path.IsPathRooted(alternative) ? alternative : Path.Combine(baseDirectory, alternative);
            var hasWildcard = alternative.IndexOfAny(['*', '?', '[']) >= 0;
            IReadOnlyList<string> files;
            if (hasWildcard)
            {
                files = Glob(full, maxMatches - total);
            }
            else
            {
                files = File.Exists(full) || Directory.Exists(full) ? new[] { full } : Array.Empty<string>();
            }
            total += files.Count;
            result.Add(new Alternative(alternative, hasWildcard, files));
            if (total >= maxMatches) break;
        }
        return result;
    }

    /// <summary>csh-style brace expansion; text without a balanced brace group is returned unchanged.</summary>
    public static IReadOnlyList<string> ExpandBraces(string pattern, int maxResults)
    {
        var open = -1;
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '{')
            {
                if (depth == 0) open = i;
                depth++;
            }
            else if (pattern[i] == '}' && depth > 0)
            {
                depth--;
                if (depth == 0)
                {
                    var prefix = pattern[..open];
                    var suffix = pattern[(i + 1)..];
                    var results = new List<string>();
                    foreach (var option in SplitTopLevel(pattern.Substring(open + 1, i - open - 1)))
                    {
                        foreach (var expanded in ExpandBraces(prefix + option + suffix, maxResults))
                        {
                            results.Add(expanded);
                            if (results.Count >= maxResults) return results;
                        }
                    }
                    return results;
                }
            }
        }
        return new[] { pattern };
    }

    private static IEnumerable<string> SplitTopLevel(string inner)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '{') depth++;
            else if (inner[i] == '}') depth--;
            else if (inner[i] == ',' && depth == 0)
            {
                yield return inner[start..i];
                start = i + 1;
            }
        }
        yield return inner[start..];
    }

    private static IReadOnlyList<string> Glob(string fullPattern, int maxMatches)
    {
        var root = fullPattern.StartsWith('/') ? "/" : Directory.GetCurrentDirectory();
        var segments = fullPattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { root };
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            var last = s == segments.Length - 1;
            var next = new List<string>();
            if (segment.IndexOfAny(['*', '?', '[']) < 0)
            {
                foreach (var dir in current)
                {
                    var candidate = Path.Combine(dir, segment);
                    if (last ? File.Exists(candidate) || Directory.Exists(candidate) : Directory.Exists(candidate)) next.Add(candidate);
                }
            }
            else
            {
                var regex = SegmentRegex(segment);
                foreach (var dir in current)
                {
                    IEnumerable<string> entries;
                    try
                    {
                        entries = last ? Directory.EnumerateFileSystemEntries(dir) : Directory.EnumerateDirectories(dir);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        continue;
                    }
                    foreach (var entry in entries)
                    {
                        var name = Path.GetFileName(entry);
                        // As glob(3): a leading '.' must be matched explicitly.
                        if (name.StartsWith('.') && !segment.StartsWith('.')) continue;
                        if (regex.IsMatch(name)) next.Add(entry);
                        if (next.Count > maxMatches) break;
                    }
                }
            }
            next.Sort(StringComparer.Ordinal);
            current = next;
            if (current.Count == 0) break;
        }
        return current.Take(Math.Max(0, maxMatches)).ToList();
    }

    private static Regex SegmentRegex(string segment)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                {
                    var close = segment.IndexOf(']', i + 1);
                    if (close < 0) { sb.Append(@"\["); break; }
                    var set = segment.Substring(i + 1, close - i - 1);
                    if (set.StartsWith('!')) set = "^" + set[1..];
                    sb.Append('[').Append(set.Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                }
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
