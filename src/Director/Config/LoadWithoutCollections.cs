using System.Runtime;

namespace LvsDirector.Config;

/// <summary>
/// Runs the first load of a large configuration without garbage collections (<see cref="GC.TryStartNoGCRegion(long)"/>);
/// the daemon's start extends the region over composing and programming the first table (<see cref="StartBytesPerFileByte"/>).
/// </summary>
/// <remarks>
/// Most of what a load allocates lives until it ends (the effective model, the bound library options), so
/// every collection during it copies the model forward once or twice: on the issue-2 configuration (616,000
/// lines, 12 MB) three to four collections paused the load for 0.2–0.6 s of its 1.2–2 s. The budget is sized
/// from the file (the load allocates 17–19 bytes per byte read on that file, 27 on issue 5's; 32 leaves room) and capped; a load that needs more simply
/// gets a collection when the budget runs out. Only for the process's first load, and only while its heap is
/// small, i.e. before the daemon runs: starting a region begins with a blocking collection, which a SIGHUP
/// reload must not impose on a running director (its VRRP threads are suspended during a collection too).
/// <para>
/// The daemon's start (<c>-n -C</c>) holds the region from before the load until the first IPVS table is applied: a
/// collection anywhere in between copies the whole model (about 80 MB for 1,000 × 100 real servers), 145 ms on the
/// host and seconds in the emulated IPVS VM, right before the first service is written. That configuration (5 MB of
/// short real_server blocks) allocates 27 bytes per byte read in the load and about 33 by the first table.
/// </para>
/// </remarks>
internal sealed class LoadWithoutCollections : IDisposable
{
    internal const long MinFileBytes = 1 << 20;
    internal const long BytesPerFileByte = 32;
    internal const long StartBytesPerFileByte = 48;
    internal const long MaxBudget = 256L << 20;
    private const long MaxHeapBefore = 64L << 20;

    private static int s_loads;
    private bool _started;

    private LoadWithoutCollections(bool started) => _started = started;

    /// <summary>Starts the region for the process's first load of <paramref name="path"/>; later calls start none.</summary>
    public static LoadWithoutCollections Begin(string path, long bytesPerFileByte = BytesPerFileByte)
    {
        if (Interlocked.Increment(ref s_loads) > 1) return new(false);
        long size;
        try
        {
            size = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new(false);
        }
        if (Budget(size, GC.GetTotalMemory(forceFullCollection: false), bytesPerFileByte) is not { } budget) return new(false);
        try
        {
            return new(GC.TryStartNoGCRegion(budget));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return new(false); // a budget the runtime cannot give, or a region already open
        }
    }

    /// <summary>The budget for a file of <paramref name="fileBytes"/>, or null when the load should collect as usual.</summary>
    internal static long? Budget(long fileBytes, long heapBytes, long bytesPerFileByte = BytesPerFileByte) =>
        fileBytes < MinFileBytes || heapBytes > MaxHeapBefore ? null : Math.Min(fileBytes * bytesPerFileByte, MaxBudget);

    public void Dispose()
    {
        // Idempotent: the daemon ends the region after its first table and again on its way out.
        if (!_started) return;
        _started = false;
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The budget ran out and a collection ended the region already.
        }
    }
}
