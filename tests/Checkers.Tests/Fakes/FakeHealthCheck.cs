using LvsDirector.Checkers.Checks;

namespace LvsDirector.Checkers.Tests.Fakes;

/// <summary>A probe whose outcome the test sets: pass, fail, or hang until cancelled.</summary>
internal sealed class FakeHealthCheck : IHealthCheck
{
    private readonly object _gate = new();

    public FakeHealthCheck(bool healthy = true) => Healthy = healthy;

    public bool Healthy { get; set; }
    public bool Hang { get; set; }
    public int? DynamicWeight { get; set; }
    public long? WeightDelta { get; set; }
    public string? Warning { get; set; }
    public int Probes { get; private set; }
    public int Running { get; private set; }
    public int MaxConcurrent { get; private set; }
    public List<CancellationToken> Tokens { get; } = [];

    public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
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
        cancellationToken.Register(() =>
        {
            lock (_gate) Running--;
            tcs.TrySetCanceled(cancellationToken);
        });
        return new ValueTask<CheckResult>(tcs.Task);
    }
}
