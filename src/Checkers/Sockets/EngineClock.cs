namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// The checkers' reading of a <see cref="TimeProvider"/>'s clock on the probe path. With <see cref="TimeProvider.System"/>
/// on a <see cref="ReadinessEngine"/> thread it is the time the engine's loop last woke, read once per turn as
/// keepalived's loop does (a probe step is timed in seconds, a turn takes microseconds to milliseconds): where the
/// clock source has no vDSO reading (the IPVS VM's guest: HPET) every read is a system call and an emulated device
/// access, and a probe used to read it six times. Anywhere else, and with any other provider (tests), it is the
/// provider's own reading.
/// </summary>
internal static class EngineClock
{
    public static long GetTimestamp(TimeProvider timeProvider) =>
        timeProvider == TimeProvider.System ? ReadinessEngine.Timestamp : timeProvider.GetTimestamp();

    public static TimeSpan GetElapsedTime(TimeProvider timeProvider, long start) =>
        timeProvider.GetElapsedTime(start, GetTimestamp(timeProvider));
}
