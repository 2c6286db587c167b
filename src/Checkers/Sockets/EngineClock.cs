namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// The checkers' reading of a <see cref="TimeProvider"/>'s clock on the probe path. With <see cref="TimeProvider.System"/>
/// on a <see cref="ReadinessEngine"/> thread it is the time the engine's loop last read it: when it woke, and again every
/// <see cref="ReadinessEngine.EventsPerClockReading"/> events of the turn (a probe step is timed in seconds; a turn takes
/// microseconds on a fast machine, up to ~100 ms in the emulated VM, and one reading per turn made checks clump): where the
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
