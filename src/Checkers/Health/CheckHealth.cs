using LvsDirector.Checkers.Checks;

namespace LvsDirector.Checkers.Health;

/// <summary>
/// The state of one check, as keepalived keeps it: a failure while up (or before the first result) is retried
/// <c>retry</c> times, <c>delay_before_retry</c> apart, before the check is declared failed; one success brings
/// it back. While failed, probes run every <c>delay_loop</c> without retries.
/// </summary>
internal sealed class CheckHealth(bool startUp)
{
    public bool IsUp { get; private set; } = startUp;

    /// <summary>Failed attempts since the last success (0 while up and healthy).</summary>
    public int FailedAttempts { get; private set; }

    public bool HasRun { get; private set; }

    /// <summary>misc_dynamic weight of the last success.</summary>
    public int? DynamicWeight { get; private set; }

    /// <summary>FILE_CHECK dynamic delta of the last success.</summary>
    public long? WeightDelta { get; private set; }

    public CheckResult? LastResult { get; private set; }

    public CheckStep Apply(CheckResult result, int retry, TimeSpan delayLoop, TimeSpan delayBeforeRetry)
    {
        var firstRun = !HasRun;
        HasRun = true;
        LastResult = result;
        if (result.Success)
        {
            var weightChanged = DynamicWeight != result.DynamicWeight || WeightDelta != result.WeightDelta;
            DynamicWeight = result.DynamicWeight;
            WeightDelta = result.WeightDelta;
            FailedAttempts = 0;
            var changed = !IsUp;
            IsUp = true;
            return new CheckStep(delayLoop, changed, weightChanged, false);
        }

        if ((IsUp || firstRun || FailedAttempts > 0) && FailedAttempts < retry)
        {
            FailedAttempts++;
            return new CheckStep(delayBeforeRetry, false, false, true);
        }

        FailedAttempts = 0;
        var wasUp = IsUp;
        IsUp = false;
        return new CheckStep(delayLoop, wasUp, false, false);
    }
}
