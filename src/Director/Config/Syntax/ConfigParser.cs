using LvsDirector.Config.Lexing;

namespace LvsDirector.Config.Syntax;

/// <summary>
/// Builds the syntax tree from tokenized lines: <c>keyword args… {</c> opens a block, <c>}</c> closes it,
/// a <c>{</c> alone on the next line opens a block for the statement before it, and one-line blocks
/// (<c>url { path / }</c>) work. Iterative, so 10,000 nested blocks cost a diagnostic, not the stack.
/// </summary>
internal sealed class ConfigParser
{
    private readonly ConfigDiagnostics _diagnostics;
    private readonly int _maxDepth;
    private readonly Stack<ConfigNode> _open = new();
    private readonly List<string> _words = new();
    // One argument array per pooled word ("weight 1", "connect_timeout 3" repeat 100,000 times); keyed by reference,
    // since the tokenizer's pool gives every repeat of a small word the same string. Arguments are never written to.
    private readonly Dictionary<string, string[]> _singleArguments = new(ReferenceEqualityComparer.Instance);
    private const int MaxSingleArguments = 1 << 12;
    private ConfigNode? _lastStatement; // a statement that ended a line and may take a '{' from the next line
    private int _skipDepth; // blocks being skipped beyond the depth limit
    private bool _depthReported;
    private int _completedTopLevel; // top-level statements handed to TopLevelCompleted

    public ConfigParser(ConfigDiagnostics diagnostics, int maxDepth)
    {
        _diagnostics = diagnostics;
        _maxDepth = maxDepth;
        Root = new ConfigNode("", [], SourceLocation.None) { Children = new List<ConfigNode>() };
        _open.Push(Root);
    }

    public ConfigNode Root { get; }

    /// <summary>
    /// Called with each top-level statement once nothing more can be added to it (the next top-level
    /// statement has started, or the input ended), so a binder can work while the rest is still being parsed.
    /// </summary>
    public Action<ConfigNode>? TopLevelCompleted { get; init; }

    public void AddLine(SourceLocation at, List<ConfigToken> tokens)
    {
        _words.Clear();
        foreach (var token in tokens)
        {
            if (token.IsOpenBrace) OpenBlock(at);
            else if (token.IsCloseBrace) CloseBlock(at);
            else _words.Add(token.Text);
        }
        _lastStatement = FlushStatement(at);
    }

    /// <summary>Reports blocks left open at the end of the input.</summary>
    public void Complete()
    {
        while (_open.Count > 1)
        {
            var node = _open.Pop();
            _diagnostics.Error(node.Location, $"block '{node.Keyword}' is not closed before the end of the configuration");
        }
        CompleteTopLevel(Root.Children!.Count);
    }

    private void CompleteTopLevel(int count)
    {
        if (TopLevelCompleted is null) return;
        var children = Root.Children!;
        while (_completedTopLevel < count) TopLevelCompleted(children[_completedTopLevel++]);
    }

    private ConfigNode? FlushStatement(SourceLocation at)
    {
        if (_words.Count == 0) return null;
        string[] args = [];
        if (_words.Count == 2)
        {
            args = SingleArgument(_words[1]);
        }
        else if (_words.Count > 2)
        {
            args = new string[_words.Count - 1];
            _words.CopyTo(1, args, 0, args.Length);
        }
        var node = new ConfigNode(_words[0], args, at);
        _words.Clear();
        if (_skipDepth > 0) return null;
        var parent = _open.Peek();
        // A new top-level statement: every earlier one is finished (no block of theirs is open).
        if (parent == Root) CompleteTopLevel(Root.Children!.Count);
        parent.Children!.Add(node);
        return node;
    }

    private string[] SingleArgument(string word)
    {
        if (_singleArguments.TryGetValue(word, out var args)) return args;
        args = [word];
        if (_singleArguments.Count < MaxSingleArguments) _singleArguments[word] = args;
        return args;
    }

    private void OpenBlock(SourceLocation at)
    {
        ConfigNode? owner;
        if (_words.Count > 0)
        {
            owner = FlushStatement(at);
        }
        else
        {
            owner = _lastStatement;
            if (owner is null && _skipDepth == 0)
            {
                _diagnostics.Error(at, "'{' without a keyword before it");
            }
        }
        _lastStatement = null;
        if (_skipDepth > 0 || owner is null)
        {
            _skipDepth++;
            return;
        }
        if (owner.Children is not null)
        {
            _diagnostics.Error(at, $"'{owner.Keyword}' already has a block");
            _skipDepth++;
            return;
        }
        if (_open.Count > _maxDepth)
        {
            if (!_depthReported) _diagnostics.Error(at, $"blocks nested deeper than {_maxDepth} levels: the inner blocks are ignored");
            _depthReported = true;
            _skipDepth++;
            return;
        }
        owner.Children = new List<ConfigNode>();
        _open.Push(owner);
    }

    private void CloseBlock(SourceLocation at)
    {
        FlushStatement(at);
        _lastStatement = null;
        if (_skipDepth > 0)
        {
            _skipDepth--;
            return;
        }
        if (_open.Count == 1)
        {
            _diagnostics.Error(at, "'}' without a block to close");
            return;
        }
        _open.Pop();
    }
}
