namespace LvsDirector.Vrrp.Tracking;

/// <summary>One proc connector event about a process (thread-group leader), or an overrun (events were lost: rescan).</summary>
internal readonly record struct ProcessEvent(ProcessEventKind Kind, int Pid);
