namespace LvsDirector.Vrrp.Configuration;

/// <summary>One route metric (<c>mtu [lock] N</c>, <c>advmss N</c> …); <see cref="Locked"/> sets its bit in RTAX_LOCK.</summary>
public sealed record RouteMetricOptions(RouteMetric Metric, uint Value, bool Locked = false)
{
    public override string ToString() => $"{Metric.ToString().ToLowerInvariant()} {(Locked ? "lock " : "")}{Value}";
}
