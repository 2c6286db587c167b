using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Health;
using LvsDirector.Checkers.Scheduling;

namespace LvsDirector.Checkers.Runtime;

/// <summary>One running check of a real server: its resolved options (replaced on reload), health and timer.</summary>
internal sealed class CheckSlot(ResolvedCheck resolved)
{
    public ResolvedCheck Resolved { get; set; } = resolved;
    public CheckHealth Health { get; } = new(startUp: !resolved.Alpha);
    public ScheduledCheck? Schedule { get; set; }
    public string? LastWarning { get; set; }
    public bool Stopped { get; set; }
    public string Name => $"{Resolved.Kind} {Resolved.Target}";

    public void Stop()
    {
        Stopped = true;
        Schedule?.Dispose();
    }
}
