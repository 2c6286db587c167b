namespace LvsDirector.Checkers.Health;

/// <summary>Whether a real server is an IPVS destination, and with which weight (keepalived's rules).</summary>
internal static class RealServerPresence
{
    /// <summary>Out while the sorry server is active; in at its weight while alive; down: in at weight 0 with inhibit_on_failure, else out.</summary>
    public static (bool InTable, int Weight) Of(bool sorryActive, bool alive, bool inhibitOnFailure, int aliveWeight) =>
        sorryActive ? (false, 0)
        : alive ? (true, aliveWeight)
        : inhibitOnFailure ? (true, 0)
        : (false, 0);
}
