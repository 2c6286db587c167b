namespace LvsDirector.Checkers.Checks;

/// <summary>The outcome of one probe.</summary>
/// <param name="Success">The probe passed.</param>
/// <param name="Reason">Why it failed (or a short note on success), in keepalived-like words.</param>
/// <param name="Latency">Time the probe took, measured with the injected TimeProvider.</param>
/// <param name="DynamicWeight">misc_dynamic: the weight to use instead of the configured one.</param>
/// <param name="WeightDelta">FILE_CHECK dynamic: value × weight added to the weight.</param>
/// <param name="Warning">Something to tell the operator although the probe passed (certificate about to expire).</param>
public sealed record CheckResult(
    bool Success,
    string Reason,
    TimeSpan Latency,
    int? DynamicWeight = null,
    long? WeightDelta = null,
    string? Warning = null)
{
    public static CheckResult Pass(TimeSpan latency, string reason = "ok") => new(true, reason, latency);

    public static CheckResult Fail(string reason, TimeSpan latency) => new(false, reason, latency);
}
