using LvsDirector.Vrrp.Scripts;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// What trackers and notify scripts run on: a clock that is NOT the VRRP timer thread (script
/// runs, polls and timeouts never touch it), a script launcher and the process table.
/// </summary>
internal sealed record TrackingDependencies(TimeProvider Time, IScriptLauncher Launcher, IProcessTable Processes)
{
    public static TrackingDependencies Host() => new(TimeProvider.System, new ProcessScriptLauncher(), new ProcfsProcessTable());
}
