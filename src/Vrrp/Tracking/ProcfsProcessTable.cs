namespace LvsDirector.Vrrp.Tracking;

/// <summary>Scans /proc/[pid]/comm and /proc/[pid]/cmdline (processes may vanish mid-scan: skipped).</summary>
internal sealed class ProcfsProcessTable(string root = "/proc") : IProcessTable
{
    public IReadOnlyList<ProcessInfo> Snapshot()
    {
        var list = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var pid = Path.GetFileName(dir.AsSpan());
            if (pid.Length == 0 || !int.TryParse(pid, out _)) continue;
            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                list.Add(new ProcessInfo(comm, ParseCmdline(cmdline)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
        return list;
    }

    /// <summary>cmdline is NUL-separated argv with a trailing NUL (proc(5)).</summary>
    internal static IReadOnlyList<string> ParseCmdline(string content)
    {
        var trimmed = content.TrimEnd('\0');
        return trimmed.Length == 0 ? [] : trimmed.Split('\0');
    }
}
