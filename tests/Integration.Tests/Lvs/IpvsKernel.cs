using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>Reads and resets the kernel's IPVS table through Debian's ipvsadm (what the kernel holds, not what we believe we sent).</summary>
internal static class IpvsKernel
{
    public static void Require()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ipvsadm", "ipvsadm");
        if (!File.Exists("/proc/net/ip_vs"))
            throw new PrerequisiteMissingException("needs a kernel with IPVS (/proc/net/ip_vs): these tests run inside ../shared/ipvs-vm/run-in-vm, as ./run-tests.sh does");
    }

    public static async Task<string[]> SaveAsync()
    {
        var r = await Shell.RunAsync("ipvsadm", ["-Sn"]);
        Assert.Equal(0, r.ExitCode);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order(StringComparer.Ordinal).ToArray();
    }

    public static async Task ClearAsync() => Assert.Equal(0, (await Shell.RunAsync("ipvsadm", ["-C"])).ExitCode);

    /// <summary>Waits until the table is non-empty and unchanged for <paramref name="quiet"/>; returns it sorted.</summary>
    public static async Task<string[]> WaitStableAsync(TimeSpan timeout, TimeSpan quiet, Func<string[], bool>? accept = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        string[] last = [];
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var now = await SaveAsync();
            if (!now.SequenceEqual(last))
            {
                last = now;
                since = DateTime.UtcNow;
            }
            else if (last.Length > 0 && DateTime.UtcNow - since >= quiet && (accept is null || accept(last)))
            {
                return last;
            }
            await Task.Delay(200);
        }
        return last;
    }
}
