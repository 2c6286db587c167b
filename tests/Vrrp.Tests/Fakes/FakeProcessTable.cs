using LvsDirector.Vrrp.Tracking;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class FakeProcessTable : IProcessTable
{
    public List<ProcessInfo> Processes { get; } = new();

    public IReadOnlyList<ProcessInfo> Snapshot()
    {
        lock (Processes) return Processes.ToList();
    }

    public void Set(int count, string comm = "nginx")
    {
        lock (Processes)
        {
            Processes.Clear();
            for (var i = 0; i < count; i++) Processes.Add(new ProcessInfo(comm, [$"/usr/sbin/{comm}"]));
        }
    }
}
