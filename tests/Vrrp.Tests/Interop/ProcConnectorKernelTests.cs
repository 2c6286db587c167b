using System.Diagnostics;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Tracking;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// The real proc connector (root, initial network namespace): a tracked `sh -c "sleep 300; true" MARKER`,
/// whose parameters contain spaces, is seen starting and exiting through events alone (no scan timer runs).
/// </summary>
[Trait("Category", "Integration")]
public class ProcConnectorKernelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ProcessTracker_RealProcessStartsAndExits_FollowedByEvents()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("sh", "dash");
        var logs = new CollectingLoggerFactory();
        using var monitor = ProcConnectorMonitor.TryStart(logs.CreateLogger("proc"));
        Assert.True(monitor is not null, "the proc connector could not be opened\n" + logs);
        var marker = $"lvsd test {Guid.NewGuid():N}";   // a parameter with a space, as a quoted config word gives it
        var options = new VrrpTrackProcessOptions { Process = "sh", Parameters = new[] { "-c", "sleep 300; true", marker } };
        var changes = 0;
        using var tracker = new ProcessTracker("marker", options, TimeProvider.System, new ProcfsProcessTable(), logs.CreateLogger("tracker"), () => Interlocked.Increment(ref changes), monitor);
        tracker.Start();
        Assert.False(tracker.Ok);

        // "; true" keeps the shell from exec'ing sleep, so the tracked process is the shell itself.
        using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "sleep 300; true", marker } })!;
        try
        {
            // The shell's fork carries the same command line until it execs sleep: the count settles at 1.
            await WaitFor(() => tracker.Ok && tracker.Count == 1, $"the tracker never saw exactly the one process (count {tracker.Count})\n" + logs);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        await WaitFor(() => !tracker.Ok, "the tracker never saw the process exit\n" + logs);
        Assert.Equal(2, changes);
        output.WriteLine(logs.ToString());
    }

    private static async Task WaitFor(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail(failure);
            await Task.Delay(20);
        }
    }
}
