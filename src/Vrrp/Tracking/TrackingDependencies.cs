using LvsDirector.Vrrp.Scripts;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// What trackers and notify scripts run on: a clock that is NOT the VRRP timer thread (script
/// runs, polls and timeouts never touch it), a script launcher, the process table and, for
/// vrrp_track_process, a source of process events (opened only once a process is tracked;
/// null from the factory, or no factory, means polling /proc).
/// </summary>
internal sealed record TrackingDependencies(TimeProvider Time, IScriptLauncher Launcher, IProcessTable Processes, Func<ILogger, IProcessEvents?>? ProcessEvents = null)
{
    public static TrackingDependencies Host() => new(TimeProvider.System, new ProcessScriptLauncher(), new ProcfsProcessTable(), ProcConnectorMonitor.TryStart);
}
