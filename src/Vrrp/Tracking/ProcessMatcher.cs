using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>Whether a process matches a vrrp_track_process (keepalived track_process.c semantics).</summary>
internal static class ProcessMatcher
{
    /// <summary>The kernel truncates comm to 15 characters (TASK_COMM_LEN - 1).</summary>
    public const int CommLength = 15;

    public static bool Matches(VrrpTrackProcessOptions o, ProcessInfo p)
    {
        if (o.FullCommand)
        {
            if (p.Arguments.Count == 0 || p.Arguments[0] != o.Process) return false;
        }
        else
        {
            var name = o.Process.Length > CommLength ? o.Process[..CommLength] : o.Process;
            if (p.Comm != name) return false;
        }
        if (o.Parameters.Count == 0) return true;
        var args = p.Arguments.Skip(1).ToList();
        var want = o.Parameters;
        switch (o.ParameterMatch)
        {
            case ProcessParameterMatch.Exact:
                return args.SequenceEqual(want);
            case ProcessParameterMatch.Initial:
                return args.Count >= want.Count && args.Take(want.Count).SequenceEqual(want);
            default:
                if (args.Count < want.Count) return false;
                for (var i = 0; i < want.Count - 1; i++)
                    if (args[i] != want[i]) return false;
                return args[want.Count - 1].StartsWith(want[^1], StringComparison.Ordinal);
        }
    }

    public static bool InQuorum(VrrpTrackProcessOptions o, int count) => count >= o.Quorum && (o.QuorumMax is not { } max || count <= max);
}
