using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Runtime;

/// <summary>A service at runtime; survives reloads. Every field is guarded by <see cref="Gate"/>.</summary>
internal sealed class CheckedServiceState(CheckedServiceOptions options, ScriptQueue quorumScripts)
{
    public object Gate { get; } = new();
    public CheckedServiceOptions Options { get; set; } = options;
    public Dictionary<RealServerKey, RealServerState> RealServers { get; } = [];
    public ScriptQueue QuorumScripts { get; } = quorumScripts;

    public bool Initialized { get; set; }
    public bool QuorumUp { get; set; }
    public long AliveWeight { get; set; }
    public bool Stopped { get; set; }
    // ha_suspend: its checks are parked and results still arriving are discarded.
    public bool Suspended { get; set; }

    // What the Director was last told about the sorry server.
    public RealServerKey? SorryKey { get; set; }
    public bool SorryActive { get; set; }
    public bool SorryInTable { get; set; }
    public int SorryWeight { get; set; }
}
