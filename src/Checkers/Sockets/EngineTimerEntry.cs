using LvsDirector.Checkers.Scheduling;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// A due time in a <see cref="ReadinessEngine"/>'s heap for <see cref="Target"/>. An owner that re-arms often (a
/// socket's step timeout, the scheduler loop's wake-up) keeps one entry and moves or cancels it, so the heap holds no
/// stale entries; <see cref="Version"/> still tells the target which arming fell due (a re-arm may race with the call).
/// </summary>
internal sealed class EngineTimerEntry(IEngineTimer target) : DueEntry
{
    public IEngineTimer Target { get; } = target;

    /// <summary>The version of the arming queued; written under the engine's lock.</summary>
    internal long Version;
}
