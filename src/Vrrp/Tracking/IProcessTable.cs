namespace LvsDirector.Vrrp.Tracking;

/// <summary>The running processes; /proc on Linux, faked in tests.</summary>
internal interface IProcessTable
{
    IReadOnlyList<ProcessInfo> Snapshot();
}
