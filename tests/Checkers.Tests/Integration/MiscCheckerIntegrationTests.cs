using LvsDirector.Checkers.Configuration;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class MiscCheckerIntegrationTests : IDisposable
{
    private readonly TempDirectory _dir = new("lvsc-misc");

    public void Dispose() => _dir.Dispose();

    private static MiscCheckOptions Misc(string script, TimeSpan? timeout = null, bool dynamic = false, params string[] args) =>
        new() { Command = new[] { script }.Concat(args).ToEquatableList(), Timeout = timeout ?? TimeSpan.FromSeconds(5), Dynamic = dynamic };

    /// <summary>Dead, or a zombie nobody reaped yet (a container's pid 1 may not reap).</summary>
    private static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task AssertGoneAsync(int pid)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!IsGone(pid) && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.True(IsGone(pid), $"process {pid} still alive");
    }

    [Theory]
    [InlineData("exit 0", false, true, null)]
    [InlineData("exit 1", false, false, null)]
    [InlineData("exit 3", false, false, null)]
    [InlineData("exit 7", true, true, 5)]
    [InlineData("exit 1", true, false, null)]
    public async Task Probe_ExitCodes_MappedAsKeepalived(string body, bool dynamic, bool success, int? weight)
    {
        var result = await ProbeOnceAsync(Misc(_dir.Script("s.sh", body), dynamic: dynamic));

        Assert.Equal(success, result.Success);
        Assert.Equal(weight, result.DynamicWeight);
    }

    [Fact]
    public async Task Probe_Arguments_PassedAsArgv()
    {
        var script = _dir.Script("args.sh", """test "$1" = "a b" && test "$2" = c""");

        Assert.True((await ProbeOnceAsync(Misc(script, args: ["a b", "c"]))).Success);
    }

    [Fact]
    public async Task Probe_HungScriptWithForkedChild_WholeProcessGroupKilledAtTimeout()
    {
        var script = _dir.Script("hung.sh", $"""
            sleep 300 &
            echo $! > {_dir.File("child.pid")}
            echo $$ > {_dir.File("leader.pid")}
            sleep 300
            """);
        var started = DateTime.UtcNow;

        // 3 s: time for the shell to start and write both pids on a loaded machine before the timeout kills it.
        var result = await ProbeOnceAsync(Misc(script, TimeSpan.FromSeconds(3)));

        AssertFails(result, "timed out");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(15));
        await AssertGoneAsync(int.Parse(File.ReadAllText(_dir.File("leader.pid")).Trim()));
        await AssertGoneAsync(int.Parse(File.ReadAllText(_dir.File("child.pid")).Trim()));
    }

    [Fact]
    public async Task Probe_ScriptIgnoringSigterm_KilledWithSigkill()
    {
        var script = _dir.Script("stubborn.sh", $"""
            trap '' TERM
            sleep 300 &
            echo $! > {_dir.File("child.pid")}
            wait
            """);

        var result = await ProbeOnceAsync(Misc(script, TimeSpan.FromSeconds(3)));

        AssertFails(result, "timed out");
        await AssertGoneAsync(int.Parse(File.ReadAllText(_dir.File("child.pid")).Trim()));
    }

    [Fact]
    public async Task Probe_User_RunsAsThatUser()
    {
        var script = _dir.Script("whoami.sh", """test "$(id -un)" = nobody""");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0b111_101_101);

        var result = await ProbeOnceAsync(Misc(script) with { User = "nobody" });

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_MissingProgram_Fails()
    {
        Assert.False((await ProbeOnceAsync(Misc(_dir.File("does-not-exist")))).Success);
    }

    [Fact]
    public async Task Probe_ServiceFlaps_PassFailPass()
    {
        var flag = _dir.File("healthy");
        var script = _dir.Script("flap.sh", $"test -e {flag}");

        File.WriteAllText(flag, "");
        var up = await ProbeOnceAsync(Misc(script));
        File.Delete(flag);
        var down = await ProbeOnceAsync(Misc(script));
        File.WriteAllText(flag, "");
        var back = await ProbeOnceAsync(Misc(script));

        Assert.True(up.Success, up.Reason);
        AssertFails(down, "exit status 1");
        Assert.True(back.Success, back.Reason);
    }
}
