namespace LvsDirector.Vrrp.Tracking;

/// <summary>Process exec/exit/fork/comm events (the proc connector on Linux); raised on the monitor's thread.</summary>
internal interface IProcessEvents
{
    event Action<ProcessEvent>? Event;
}
