using System.Diagnostics;
using LvsDirector.Checkers.Runtime;
using LvsDirector.Checkers.Scripts;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>
/// notify_up/notify_down (and quorum) scripts through the real runner: a hung script is killed with its process
/// group at the notify timeout, and the script queued after it runs then, in order.
/// </summary>
public sealed class ScriptQueueIntegrationTests : IDisposable
{
    private readonly TempDirectory _dir = new("lvsc-notify");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HungNotifyScript_KilledAtTheTimeout_TheNextOneRunsAfterIt()
    {
        var log = _dir.File("order.log");
        var hung = _dir.Script("hung.sh", $"""
            echo "down start" >> {log}
            sleep 300 &
            echo $! > {_dir.File("child.pid")}
            sleep 300
            echo "down end" >> {log}
            """);
        var quick = _dir.Script("up.sh", $"""echo "up" >> {log}""");
        var queue = new ScriptQueue(new ProcessScriptRunner(TimeProvider.System, NullLogger<ProcessScriptRunner>.Instance), NullLogger.Instance);
        var timeout = TimeSpan.FromSeconds(1);

        var started = Stopwatch.StartNew();
        _ = queue.Enqueue([hung], null, timeout, "notify_down");
        var second = queue.Enqueue([quick], null, timeout, "notify_up");
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = started.Elapsed;

        // The hung script ran first and never finished; the next one ran once it was killed, not 300 s later.
        Assert.Equal(["down start", "up"], File.ReadAllLines(log));
        Assert.InRange(elapsed, timeout, timeout + TimeSpan.FromSeconds(10));
        // Its forked child died with its process group.
        var child = int.Parse(File.ReadAllText(_dir.File("child.pid")).Trim());
        var deadline = Stopwatch.StartNew();
        while (Running(child) && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        Assert.False(Running(child), $"child {child} of the hung script is still running");
    }

    // Whether the process exists and is not a zombie (one whose parent has yet to reap it is as good as dead).
    private static bool Running(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
