using System.Diagnostics;

namespace LvsDirector.Hosting;

/// <summary>
/// What the runtime did so far, for the start-up phases logged with <c>-D</c>: time since the process started,
/// garbage collections per generation, their total pause, and the managed heap. Under emulation (the IPVS VM) a
/// collection over a large configuration model costs seconds, so the phases say how many there were.
/// </summary>
internal static class RuntimeSnapshot
{
    public static string Describe()
    {
        using var process = Process.GetCurrentProcess();
        var sinceStart = DateTime.Now - process.StartTime;
        return $"{(long)sinceStart.TotalMilliseconds} ms since process start; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, "
            + $"paused {(long)GC.GetTotalPauseDuration().TotalMilliseconds} ms, heap {GC.GetTotalMemory(false) >> 20} MB, "
            + $"allocated {GC.GetTotalAllocatedBytes() >> 20} MB";
    }
}
