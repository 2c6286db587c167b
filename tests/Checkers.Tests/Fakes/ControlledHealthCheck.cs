using System.Threading.Tasks.Sources;
using LvsDirector.Checkers.Checks;

namespace LvsDirector.Checkers.Tests.Fakes;

/// <summary>
/// A probe that stays pending until the test ends it; its continuation then runs at once, on the test's thread.
/// <see cref="ReuseSource"/>: every probe is the same <see cref="IValueTaskSource{TResult}"/>, reset per probe (as the
/// checkers' pooled async methods are); otherwise each probe has its own, so an abandoned probe can still be ended after
/// the next one has started.
/// </summary>
internal sealed class ControlledHealthCheck : IHealthCheck
{
    private readonly object _gate = new();
    private readonly List<Source> _sources = [];

    public bool ReuseSource { get; init; }
    public int Probes { get; private set; }
    public List<CancellationToken> Tokens { get; } = [];

    public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Probes++;
            Tokens.Add(cancellationToken);
            if (!ReuseSource || _sources.Count == 0) _sources.Add(new Source());
            var source = _sources[^1];
            source.Core.Reset();
            return new ValueTask<CheckResult>(source, source.Core.Version);
        }
    }

    /// <summary>Ends probe <paramref name="index"/> (0-based; with <see cref="ReuseSource"/>, the current one) with <paramref name="result"/>.</summary>
    public void Complete(int index, CheckResult result) => Of(index).Core.SetResult(result);

    /// <summary>Ends probe <paramref name="index"/> by throwing <paramref name="error"/> from it.</summary>
    public void Fail(int index, Exception error) => Of(index).Core.SetException(error);

    private Source Of(int index)
    {
        lock (_gate) return ReuseSource ? _sources[0] : _sources[index];
    }

    private sealed class Source : IValueTaskSource<CheckResult>
    {
        public ManualResetValueTaskSourceCore<CheckResult> Core;

        public CheckResult GetResult(short token) => Core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => Core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            Core.OnCompleted(continuation, state, token, flags);
    }
}
