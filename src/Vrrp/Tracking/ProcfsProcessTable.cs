using System.Globalization;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>Scans /proc/[pid]/comm and /proc/[pid]/cmdline (processes may vanish mid-scan: skipped).</summary>
internal sealed class ProcfsProcessTable(string root = "/proc") : IProcessTable
{
    public IReadOnlyList<ProcessInfo> Snapshot()
    {
        var list = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.Length == 0 || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (TryRead(pid) is { } process) list.Add(process);
        }
        return list;
    }

    public ProcessInfo? TryRead(int pid)
    {
        var dir = Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            var comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
            var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            return new ProcessInfo(comm, ParseCmdline(cmdline), pid);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>cmdline is NUL-separated argv with a trailing NUL (proc(5)).</summary>
    internal static IReadOnlyList<string> ParseCmdline(string content)
    {
        var trimmed = content.TrimEnd('\0');
        return trimmed.Length == 0 ? [] : trimmed.Split('\0');
    }
}
