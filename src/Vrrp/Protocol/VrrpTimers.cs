namespace LvsDirector.Vrrp.Protocol;

/// <summary>The protocol's derived timers (RFC 5798 §6.1; RFC 3768 §6.1), exact to the tick as keepalived computes them.</summary>
public static class VrrpTimers
{
    /// <summary>Master_Down_Interval counts this many advertisement intervals (RFC 5798 §6.1).</summary>
    public const int MasterDownAdvertisements = 3;

    /// <summary>
    /// Skew_Time. v3: ((256 - Priority) * Master_Adver_Interval) / 256 (RFC 5798 §6.1).
    /// v2: (256 - Priority) / 256 seconds, independent of the interval (RFC 3768 §6.1).
    /// </summary>
    public static TimeSpan SkewTime(Protocol.VrrpVersion version, int priority, TimeSpan masterAdvertisementInterval)
    {
        var basis = version == VrrpVersion.V2 ? TimeSpan.FromSeconds(1) : masterAdvertisementInterval;
        return TimeSpan.FromTicks((256 - priority) * basis.Ticks / 256);
    }

    /// <summary>Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (RFC 5798 §6.1).</summary>
    public static TimeSpan MasterDownInterval(VrrpVersion version, int priority, TimeSpan masterAdvertisementInterval) =>
        masterAdvertisementInterval * MasterDownAdvertisements + SkewTime(version, priority, masterAdvertisementInterval);
}
