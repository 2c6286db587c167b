using LvsDirector.Checkers.Scripts;

namespace LvsDirector.Checkers.Tests.Fakes;

/// <summary>Records script runs in order; completes them at once with exit 0.</summary>
internal sealed class FakeScriptRunner : IScriptRunner
{
    private readonly List<string> _runs = [];
    private readonly List<ScriptInvocation> _invocations = [];

    /// <summary>Every invocation, in order: argv, timeout, user and group.</summary>
    public IReadOnlyList<ScriptInvocation> Invocations
    {
        get { lock (_runs) return _invocations.ToList(); }
    }

    public IReadOnlyList<string> Runs
    {
        get { lock (_runs) return _runs.ToList(); }
    }

    public Task<ScriptResult> RunAsync(ScriptInvocation invocation, CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            _runs.Add(string.Join(' ', invocation.Arguments));
            _invocations.Add(invocation);
        }
        return Task.FromResult(new ScriptResult(0, false, null, TimeSpan.Zero));
    }
}
