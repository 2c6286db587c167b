using LvsDirector.Vrrp.Tracking;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class FakeProcessTable : IProcessTable
{
    public List<ProcessInfo> Processes { get; } = new();

    public IReadOnlyList<ProcessInfo> Snapshot()
    {
        lock (Processes) return Processes.ToList();
    }

    public ProcessInfo? TryRead(int pid)
    {
        lock (Processes) return Processes.FirstOrDefault(p => p.Pid == pid);
    }

    /// <summary>Exactly <paramref name="count"/> processes named <paramref name="comm"/>, pids 100, 101 ….</summary>
    public void Set(int count, string comm = "nginx")
    {
        lock (Processes)
        {
            Processes.Clear();
            for (var i = 0; i < count; i++) Processes.Add(new ProcessInfo(comm, [$"/usr/sbin/{comm}"], 100 + i));
        }
    }
}
