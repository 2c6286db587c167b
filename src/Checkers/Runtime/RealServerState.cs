using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Runtime;

/// <summary>A real server at runtime; survives reloads. Guarded by its service's gate.</summary>
internal sealed class RealServerState(RealServerOptions options, ScriptQueue notify)
{
    public RealServerOptions Options { get; set; } = options;
    public List<CheckSlot> Checks { get; set; } = [];
    public ScriptQueue Notify { get; } = notify;

    public bool Alive { get; set; }
    public int TargetWeight { get; set; }
    public string LastReason { get; set; } = "initial";

    // What the Director was last told.
    public bool Published { get; set; }
    public bool PublishedAlive { get; set; }
    public bool PublishedInTable { get; set; }
    public int PublishedWeight { get; set; }

    // Slow start (extension).
    public long? RampStart { get; set; }
    public ITimer? RampTimer { get; set; }

    public void StopRamp()
    {
        RampTimer?.Dispose();
        RampTimer = null;
        RampStart = null;
    }

    public void Stop()
    {
        foreach (var slot in Checks) slot.Stop();
        StopRamp();
    }
}
