namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// Something a <see cref="ReadinessEngine"/> calls back on its own thread when a due time it was given passes: the
/// scheduler loop's wake-up, a socket step's timeout. Owners cancel or move their <see cref="EngineTimerEntry"/>, but a
/// call may race with that, so each entry carries the <paramref name="version"/> it was queued with and the target
/// ignores versions it has moved past.
/// </summary>
internal interface IEngineTimer
{
    void OnTimer(long version);
}
