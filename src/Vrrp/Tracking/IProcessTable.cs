namespace LvsDirector.Vrrp.Tracking;

/// <summary>The running processes; /proc on Linux, faked in tests.</summary>
internal interface IProcessTable
{
    IReadOnlyList<ProcessInfo> Snapshot();

    /// <summary>One process by pid, or null if it is gone (or unreadable).</summary>
    ProcessInfo? TryRead(int pid);
}
