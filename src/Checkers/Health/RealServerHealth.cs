namespace LvsDirector.Checkers.Health;

/// <summary>A real server is alive when every one of its checks is up; its weight follows misc_dynamic and FILE_CHECK dynamic results.</summary>
internal static class RealServerHealth
{
    public static bool IsAlive(IEnumerable<CheckHealth> checks) => checks.All(c => c.IsUp);

    /// <summary>
    /// The weight while alive: the first misc_dynamic weight reported by an up check (else the configured one),
    /// plus every FILE_CHECK dynamic delta, clamped to the IPVS range 0..int.MaxValue.
    /// </summary>
    public static int Weight(int configured, IEnumerable<CheckHealth> checks)
    {
        long weight = configured;
        long delta = 0;
        var dynamicSet = false;
        foreach (var check in checks)
        {
            if (!check.IsUp) continue;
            if (!dynamicSet && check.DynamicWeight is { } dynamic)
            {
                weight = dynamic;
                dynamicSet = true;
            }
            if (check.WeightDelta is { } d) delta += d;
        }
        return (int)Math.Clamp(weight + delta, 0, int.MaxValue);
    }
}
