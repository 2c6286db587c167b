namespace LvsDirector.Checkers.Checks;

/// <summary>
/// One kind of probe against one target. <see cref="ProbeAsync"/> runs one attempt; the caller owns the
/// schedule, retries and the total deadline (it cancels <paramref name="cancellationToken"/> when the deadline passes).
/// Implementations report failures as results and throw only <see cref="OperationCanceledException"/>.
/// </summary>
public interface IHealthCheck
{
    ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken);
}
