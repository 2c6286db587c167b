namespace LvsDirector.Checkers.Health;

/// <summary>
/// Quorum of a virtual server (keepalived.conf(5) <c>quorum</c>, <c>hysteresis</c>): the sum of the weights of live
/// real servers. Quorum is gained when the sum reaches quorum + hysteresis and lost when it falls below
/// quorum - hysteresis (or to zero), so a sum oscillating inside the band changes nothing.
/// </summary>
internal static class QuorumEvaluator
{
    /// <summary>The state at start: no hysteresis applies yet.</summary>
    public static bool Initial(long aliveWeight, int quorum) => aliveWeight > 0 && aliveWeight >= quorum;

    public static bool Next(bool quorumUp, long aliveWeight, int quorum, int hysteresis)
    {
        if (quorumUp) return !(aliveWeight == 0 || aliveWeight < (long)quorum - hysteresis);
        return aliveWeight > 0 && aliveWeight >= (long)quorum + hysteresis;
    }
}
