using LvsDirector.Checkers.Checks;

namespace LvsDirector.Checkers.Tests.Fakes;

/// <summary>A probe whose outcome the test sets: pass, fail, hang until cancelled, or hang for ever (ignoring its token).</summary>
internal sealed class FakeHealthCheck : IHealthCheck
{
    private readonly object _gate = new();

    public FakeHealthCheck(bool healthy = true) => Healthy = healthy;

    public bool Healthy { get; set; }
    public bool Hang { get; set; }
    public bool IgnoreCancellation { get; set; }
    /// <summary>Runs synchronously at the start of every probe (records the thread, blocks, throws).</summary>
    public Action? OnProbe { get; set; }
    public int? DynamicWeight { get; set; }
    public long? WeightDelta { get; set; }
    public string? Warning { get; set; }
    public int Probes { get; private set; }
    public int Running { get; private set; }
    public int MaxConcurrent { get; private set; }
    public List<CancellationToken> Tokens { get; } = [];

    public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        OnProbe?.Invoke();
        lock (_gate)
        {
            Probes++;
            Tokens.Add(cancellationToken);
            if (!Hang)
            {
                return ValueTask.FromResult(Healthy
                    ? new CheckResult(true, "ok", TimeSpan.Zero, DynamicWeight, WeightDelta, Warning)
                    : CheckResult.Fail("fake failure", TimeSpan.Zero));
            }
            Running++;
            MaxConcurrent = Math.Max(MaxConcurrent, Running);
        }
        var tcs = new TaskCompletionSource<CheckResult>();
        if (IgnoreCancellation) return new ValueTask<CheckResult>(tcs.Task);
        cancellationToken.Register(() =>
        {
            lock (_gate) Running--;
            tcs.TrySetCanceled(cancellationToken);
        });
        return new ValueTask<CheckResult>(tcs.Task);
    }
}
