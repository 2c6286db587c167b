using LvsDirector.Checkers.Scripts;

namespace LvsDirector.Checkers.Tests.Fakes;

/// <summary>Records script runs in order; completes them at once with exit 0.</summary>
internal sealed class FakeScriptRunner : IScriptRunner
{
    private readonly List<string> _runs = [];

    public IReadOnlyList<string> Runs
    {
        get { lock (_runs) return _runs.ToList(); }
    }

    public Task<ScriptResult> RunAsync(ScriptInvocation invocation, CancellationToken cancellationToken)
    {
        lock (_runs) _runs.Add(string.Join(' ', invocation.Arguments));
        return Task.FromResult(new ScriptResult(0, false, null, TimeSpan.Zero));
    }
}
