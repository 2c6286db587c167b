using System.Buffers;
using System.Text;

namespace LvsDirector.Config.Lexing;

/// <summary>
/// Turns a keepalived.conf and its includes into a stream of tokenized logical lines, applying
/// comments, <c>@ID</c>/<c>@^ID</c> conditional lines, <c>$NAME=VALUE</c> definitions (multi-line with
/// a trailing <c>\</c>), parameter substitution, <c>~SEQ</c>/<c>~SEQx</c>/<c>~LST</c> repetition and
/// <c>include*</c> — all within <see cref="ConfigLimits"/>. Never throws on file content.
/// </summary>
internal sealed class ConfigPreprocessor
{
    private static readonly HashSet<string> IncludeKeywords = new(StringComparer.Ordinal)
    {
        "include", "includer", "includem", "includew", "includeb", "includea",
    };

    private readonly ConfigLimits _limits;
    private readonly ConfigDiagnostics _diagnostics;
    private readonly Action<SourceLocation, List<ConfigToken>> _sink;
    private readonly ParameterTable _parameters;
    private readonly string _configId;
    private readonly Stack<string> _includeStack = new();
    private readonly TokenPool _pool = new();
    private readonly List<ConfigToken> _plainTokens = new();
    private long _totalBytes;
    private long _logicalLines;
    private bool _stopped;
    private IncludeCheck _includeCheck;

    public ConfigPreprocessor(string configId, ConfigLimits limits, ConfigDiagnostics diagnostics, Action<SourceLocation, List<ConfigToken>> sink)
    {
        _configId = configId;
        _limits = limits;
        _diagnostics = diagnostics;
        _sink = sink;
        _parameters = new ParameterTable(configId);
    }

    /// <summary>Every file read, in order (the main file first).</summary>
    public List<string> Files { get; } = new();

    /// <summary>True when a limit stopped reading: the rest of the configuration was not seen.</summary>
    public bool Stopped => _stopped;

    public void ProcessFile(string path) => ProcessFile(path, SourceLocation.None, isMain: true);

    /// <summary>Processes configuration text given directly (tests, fuzzing), named as <paramref name="name"/>.</summary>
    public void ProcessText(string name, string text, string baseDirectory)
    {
        Files.Add(name);
        _includeStack.Push(name);
        _parameters.CurrentDirectory = baseDirectory;
        ProcessLines(name, baseDirectory, text);
        _includeStack.Pop();
    }

    private void ProcessFile(string path, SourceLocation includedFrom, bool isMain)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            _diagnostics.Error(includedFrom, $"invalid configuration file name '{path}': {e.Message}");
            return;
        }
        if (_includeStack.Contains(full))
        {
            _diagnostics.Fatal(includedFrom, $"include loop: {string.Join(" -> ", _includeStack.Reverse().Append(full))}");
            return;
        }
        if (_includeStack.Count >= _limits.MaxIncludeDepth)
        {
            _diagnostics.Fatal(includedFrom, $"includes nested deeper than {_limits.MaxIncludeDepth} levels at '{full}'");
            return;
        }
        string text;
        try
        {
            var info = new FileInfo(full);
            if (Directory.Exists(full))
            {
                _diagnostics.Error(includedFrom, $"'{full}' is a directory, not a configuration file");
                return;
            }
            if (!info.Exists)
            {
                if (isMain) _diagnostics.Fatal(includedFrom, $"Configuration file '{full}' does not exist");
                else _diagnostics.Error(includedFrom, $"Configuration file '{full}' does not exist");
                return;
            }
            if (info.Length > _limits.MaxFileBytes)
            {
                _diagnostics.Fatal(includedFrom.Line > 0 ? includedFrom : new SourceLocation(full, 1),
                    $"configuration file '{full}' is {info.Length} bytes, more than the limit of {_limits.MaxFileBytes}");
                return;
            }
            _totalBytes += info.Length;
            if (_totalBytes > _limits.MaxTotalBytes)
            {
                _diagnostics.Fatal(includedFrom, $"configuration files add up to more than {_limits.MaxTotalBytes} bytes");
                _stopped = true;
                return;
            }
            text = ReadText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(includedFrom.Line > 0 ? includedFrom : new SourceLocation(full, 0), $"cannot read configuration file '{full}': {e.Message}");
            return;
        }

        Files.Add(full);
        _includeStack.Push(full);
        var savedDirectory = _parameters.CurrentDirectory;
        var savedCheck = _includeCheck; // include_check is saved and restored per file (keepalived.conf(5)).
        var directory = Path.GetDirectoryName(full) ?? "/";
        _parameters.CurrentDirectory = directory;
        ProcessLines(full, directory, text);
        _parameters.CurrentDirectory = savedDirectory;
        _includeCheck = savedCheck;
        _includeStack.Pop();
    }

    /// <summary>
    /// The next line of <paramref name="text"/> from <paramref name="start"/>, without its "\n" or "\r\n";
    /// false at the end. Slices, not strings: a large configuration has 600,000 lines.
    /// </summary>
    private static bool NextLine(string text, ref int start, out ReadOnlySpan<char> line)
    {
        if (start >= text.Length)
        {
            line = default;
            return false;
        }
        var newline = text.AsSpan(start).IndexOf('\n');
        if (newline < 0)
        {
            line = text.AsSpan(start);
            start = text.Length;
            return true;
        }
        var end = start + newline;
        line = text.AsSpan(start, newline > 0 && text[end - 1] == '\r' ? newline - 1 : newline);
        start = end + 1;
        return true;
    }

    /// <summary>
    /// The file as File.ReadAllText(path, UTF8) reads it (a UTF-8 BOM skipped, a UTF-16/32 BOM honoured,
    /// invalid bytes as U+FFFD), without holding the file's bytes: the characters are counted in one pass through
    /// a small buffer and decoded straight into the string in a second (issue 2: a 12 MB file no longer keeps
    /// 12 MB of bytes next to its 24 MB of text while the first load runs without collections).
    /// </summary>
    private static string ReadText(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        Span<byte> head = stackalloc byte[4];
        head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            file.Position = 0;
            using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        var textStart = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            var decoder = Encoding.UTF8.GetDecoder();
            file.Position = textStart;
            var length = 0;
            int read;
            while ((read = file.Read(buffer, 0, ReadBufferBytes)) > 0) length += decoder.GetCharCount(buffer.AsSpan(0, read), flush: false);
            length += decoder.GetCharCount([], flush: true);
            decoder.Reset();
            file.Position = textStart;
            return string.Create(length, (file, buffer, decoder), static (chars, state) =>
            {
                var written = 0;
                int n;
                try
                {
                    while ((n = state.file.Read(state.buffer, 0, ReadBufferBytes)) > 0)
                        written += state.decoder.GetChars(state.buffer.AsSpan(0, n), chars[written..], flush: false);
                    written += state.decoder.GetChars([], chars[written..], flush: true);
                }
                catch (ArgumentException)
                {
                    written = -1; // more characters than counted
                }
                if (written != chars.Length) throw new IOException("the file changed while it was read");
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int ReadBufferBytes = 64 * 1024;

    private void ProcessLines(string file, string directory, string text)
    {
        var lineNumber = 0;
        string? pendingName = null;
        StringBuilder? pendingValue = null;
        var pendingLine = 0;
        var next = 0;
        while (NextLine(text, ref next, out var raw))
        {
            lineNumber++;
            if (_stopped) return;
            var at = new SourceLocation(file, lineNumber);
            if (raw.IndexOf('\0') >= 0)
            {
                _diagnostics.Warning(at, "line contains a NUL byte: ignored");
                continue;
            }
            if (raw.Length > _limits.MaxLineLength)
            {
                _diagnostics.Error(at, $"line longer than {_limits.MaxLineLength} characters: ignored");
                continue;
            }
            if (pendingValue is not null)
            {
                // Continuation of a multi-line $NAME= definition.
                var content = LineTokenizer.StripComment(raw.ToString()).TrimEnd();
                var more = content.EndsWith('\\');
                if (more) content = content[..^1];
                pendingValue.Append('\n').Append(content);
                if (!more)
                {
                    _parameters.Define(pendingName!, pendingValue.ToString().Trim('\n'));
                    pendingValue = null;
                    pendingName = null;
                }
                continue;
            }
            // Fast path for the common line: plain words, no parameters, conditionals, repetition or include.
            var span = raw;
            var comment = LineTokenizer.CommentStart(span);
            if (comment >= 0) span = span[..comment];
            span = span.Trim();
            if (span.IsEmpty) continue;
            if (span[0] is not ('@' or '~') && span.IndexOf('$') < 0 && LineTokenizer.IsPlain(span) && !span.StartsWith("include"))
            {
                LineTokenizer.TokenizePlain(span, _plainTokens, _pool);
                Emit(at, _plainTokens);
                continue;
            }
            var trimmed = span.ToString();
            if (!TryApplyConditional(ref trimmed)) continue;
            if (ParameterTable.TryParseDefinition(trimmed, out var name, out var value))
            {
                if (name.StartsWith('_'))
                {
                    _diagnostics.Error(at, $"parameter names beginning with '_' are reserved: ${name} not defined");
                    continue;
                }
                if (value.EndsWith('\\'))
                {
                    pendingName = name;
                    pendingValue = new StringBuilder(value[..^1]);
                    pendingLine = lineNumber;
                    continue;
                }
                _parameters.Define(name, value);
                continue;
            }
            ProcessLogicalLine(trimmed, at, directory, 0);
        }
        if (pendingValue is not null)
            _diagnostics.Error(new SourceLocation(file, pendingLine), $"multi-line definition of ${pendingName} is not terminated at the end of the file");
    }

    // Applies @ID / @^ID; false when the line is to be dropped.
    private bool TryApplyConditional(ref string trimmed)
    {
        if (trimmed[0] != '@') return true;
        var negate = trimmed.Length > 1 && trimmed[1] == '^';
        var idStart = negate ? 2 : 1;
        var end = idStart;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end])) end++;
        var id = trimmed[idStart..end];
        var matches = string.Equals(id, _configId, StringComparison.Ordinal);
        if (matches == negate) return false;
        trimmed = trimmed[end..].Trim();
        return trimmed.Length > 0;
    }

    private void ProcessLogicalLine(string text, SourceLocation at, string directory, int depth)
    {
        if (_stopped) return;
        if (depth > _limits.MaxSubstitutionDepth)
        {
            _diagnostics.Error(at, "definitions expand into themselves too deeply");
            return;
        }
        var substituted = _parameters.Substitute(text, _limits.MaxSubstitutionDepth, _limits.MaxLineLength, out var substitutionError);
        if (substitutionError is not null)
        {
            _diagnostics.Error(at, substitutionError);
            return;
        }
        if (substituted.IndexOf('\n') >= 0)
        {
            // A multi-line definition was substituted: each of its lines is a line of its own.
            foreach (var part in substituted.Split('\n'))
            {
                var line = LineTokenizer.StripComment(part).Trim();
                if (line.Length == 0 || !TryApplyConditional(ref line)) continue;
                if (ParameterTable.TryParseDefinition(line, out var name, out var value))
                {
                    _parameters.Define(name, value);
                    continue;
                }
                ProcessLogicalLine(line, at, directory, depth + 1);
            }
            return;
        }
        substituted = substituted.Trim();
        if (substituted.Length == 0) return;

        if (SequenceExpander.IsSequenceLine(substituted))
        {
            ExpandSequence(substituted, at, directory, depth);
            return;
        }

        var firstSpace = substituted.IndexOfAny([' ', '\t']);
        if (firstSpace > 0 && IncludeKeywords.Contains(substituted[..firstSpace]))
        {
            // The include argument is a pattern: its braces are alternatives, not blocks.
            var pattern = substituted[(firstSpace + 1)..].Trim();
            if (pattern.Length >= 2 && (pattern[0] == '"' || pattern[0] == '\'') && pattern[^1] == pattern[0]) pattern = pattern[1..^1];
            Include(substituted[..firstSpace], pattern, at, directory);
            return;
        }
        var tokens = LineTokenizer.Tokenize(substituted, out var tokenError);
        if (tokenError is not null)
        {
            _diagnostics.Error(at, tokenError);
            return;
        }
        if (tokens.Count == 0) return;
        if (!tokens[0].Quoted && IncludeKeywords.Contains(tokens[0].Text))
        {
            _diagnostics.Error(at, $"{tokens[0].Text}: missing file name");
            return;
        }
        Emit(at, tokens);
    }

    private void Emit(SourceLocation at, List<ConfigToken> tokens)
    {
        if (tokens.Count == 0) return;
        if (!tokens[0].Quoted && tokens[0].Text == "include_check") _includeCheck = ParseIncludeCheck(tokens, at);
        if (++_logicalLines > _limits.MaxLogicalLines)
        {
            _diagnostics.Fatal(at, $"configuration expands to more than {_limits.MaxLogicalLines} lines; reading stopped");
            _stopped = true;
            return;
        }
        _sink(at, tokens);
    }

    private void ExpandSequence(string line, SourceLocation at, string directory, int depth)
    {
        if (!SequenceExpander.TryParse(line, _limits.MaxSequenceLines, out var repetition, out var error))
        {
            _diagnostics.Error(at, error!);
            return;
        }
        if (_logicalLines + repetition!.Count > _limits.MaxLogicalLines)
        {
            _diagnostics.Fatal(at, $"configuration expands to more than {_limits.MaxLogicalLines} lines; reading stopped");
            _stopped = true;
            return;
        }
        foreach (var variable in repetition!.Variables)
        {
            if (_parameters.IsDefined(variable))
            {
                _diagnostics.Error(at, $"~SEQ/~LST variable '{variable}' reuses the name of a defined parameter");
                return;
            }
        }
        for (long n = 0; n < repetition.Count && !_stopped; n++)
        {
            var bound = SequenceExpander.Bind(repetition.Rest, repetition.Variables, repetition.ValuesAt(n));
            if (bound.Trim().Length == 0) continue;
            ProcessLogicalLine(bound, at, directory, depth + 1);
        }
    }

    private IncludeCheck ParseIncludeCheck(List<ConfigToken> tokens, SourceLocation at)
    {
        if (tokens.Count == 1) return IncludeCheck.All;
        var check = _includeCheck;
        var first = true;
        foreach (var token in tokens.Skip(1))
        {
            var word = token.Text;
            var mode = word.StartsWith('+') ? 1 : word.StartsWith('-') ? -1 : 0;
            if (mode != 0) word = word[1..];
            if (first && mode == 0) check = IncludeCheck.None; // a plain list replaces the setting
            first = false;
            IncludeCheck flag = word switch
            {
                "readable" => IncludeCheck.Readable,
                "match" => IncludeCheck.Match,
                "wildcard_match" => IncludeCheck.WildcardMatch,
                "brace_match" => IncludeCheck.BraceMatch,
                _ => IncludeCheck.None,
            };
            if (flag == IncludeCheck.None)
            {
                _diagnostics.Error(at, $"include_check: unknown option '{token.Text}' (readable, match, wildcard_match, brace_match)");
                continue;
            }
            check = mode < 0 ? check & ~flag : check | flag;
        }
        return check;
    }

    private void Include(string keyword, string pattern, SourceLocation at, string directory)
    {
        if (pattern.IndexOfAny([' ', '\t']) > 0)
        {
            _diagnostics.Warning(at, $"{keyword}: extra words after the file name ignored");
            pattern = pattern[..pattern.IndexOfAny([' ', '\t'])];
        }
        var check = keyword switch
        {
            "includer" => _includeCheck | IncludeCheck.Readable,
            "includem" => _includeCheck | IncludeCheck.Match,
            "includew" => _includeCheck | IncludeCheck.WildcardMatch,
            "includeb" => _includeCheck | IncludeCheck.BraceMatch,
            "includea" => IncludeCheck.All,
            _ => _includeCheck,
        };
        IReadOnlyList<IncludeResolver.Alternative> alternatives;
        try
        {
            alternatives = IncludeResolver.Resolve(pattern, directory, _limits.MaxIncludeMatches);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            _diagnostics.Error(at, $"{keyword} '{pattern}': {e.Message}");
            return;
        }
        var total = alternatives.Sum(a => a.Files.Count);
        if (total == 0)
        {
            var message = $"{keyword} '{pattern}' matches no file";
            if ((check & (IncludeCheck.Match | IncludeCheck.WildcardMatch | IncludeCheck.BraceMatch)) != 0) _diagnostics.Error(at, message);
            else _diagnostics.Warning(at, message);
            return;
        }
        foreach (var alternative in alternatives)
        {
            if (alternative.Files.Count == 0)
            {
                var failed = alternative.HasWildcard ? (check & IncludeCheck.WildcardMatch) != 0 : (check & IncludeCheck.BraceMatch) != 0;
                var message = $"{keyword} '{pattern}': '{alternative.Pattern}' matches no file";
                if (failed) _diagnostics.Error(at, message);
                else _diagnostics.Warning(at, message);
            }
            foreach (var file in alternative.Files)
            {
                if ((check & IncludeCheck.Readable) != 0 && !IsReadable(file))
                {
                    _diagnostics.Error(at, $"{keyword}: '{file}' is not readable");
                    continue;
                }
                ProcessFile(file, at, isMain: false);
                if (_stopped) return;
            }
        }
    }

    private static bool IsReadable(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
