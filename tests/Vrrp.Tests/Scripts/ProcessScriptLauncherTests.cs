using LvsDirector.Common.Scripts;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Scripts;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Scripts;

/// <summary>The real launcher: setsid process groups, runuser, exit status; /proc scanning.</summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessScriptLauncherTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lvsv-launch-");
    private readonly ScriptRunner _runner = new(new ProcessScriptLauncher(), TimeProvider.System, NullLogger.Instance);

    private static ScriptLaunch Launch(string? user, params string[] argv) => new(argv, user, null, new Dictionary<string, string> { ["LVSD_TEST"] = "yes" });

    [Fact]
    public async Task RunAsync_ExitStatusAndEnvironment_Reported()
    {
        var result = await _runner.RunAsync("t", Launch(null, "/bin/sh", "-c", "test \"$LVSD_TEST\" = yes && exit 7"), TimeSpan.FromSeconds(10), false, default);

        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTheWholeProcessGroup()
    {
        var pids = Path.Combine(_dir.FullName, "pids");
        // The script forks a grandchild that ignores SIGTERM: only killing the group ends both.
        var script = $"trap '' TERM; (trap '' TERM; sleep 300) & echo $! > {pids}; echo $$ >> {pids}; wait";

        var result = await _runner.RunAsync("t", Launch(null, "/bin/bash", "-c", script), TimeSpan.FromSeconds(3), false, default); // time for bash to start and write both pids on a loaded machine

        Assert.True(result.TimedOut);
        var all = File.ReadAllLines(pids).Select(int.Parse).ToList();
        Assert.Equal(2, all.Count);
        foreach (var pid in all)
        {
            var gone = SpinWait.SpinUntil(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z", TimeSpan.FromSeconds(10));
            Assert.True(gone, $"process {pid} of the script's group survived");
        }
    }

    [Fact]
    public async Task RunAsync_User_RunsAsThatUser()
    {
        Prerequisites.RequireRoot();
        var output = Path.Combine(_dir.FullName, "uid");
        File.WriteAllText(output, "");
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0x1ff);
        File.SetUnixFileMode(output, (UnixFileMode)0x1b6);

        var result = await _runner.RunAsync("t", Launch("nobody", "/bin/sh", "-c", $"id -un > {output}"), TimeSpan.FromSeconds(10), false, default);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nobody", File.ReadAllText(output).Trim());
    }

    [Fact]
    public void DefaultScriptUser_KeepalivedScriptLine_Found()
    {
        Assert.True(DefaultScriptUser.PasswdHasUser("root:x:0:0::/root:/bin/sh\nkeepalived_script:x:999:999::/:/usr/sbin/nologin\n", "keepalived_script"));
        Assert.False(DefaultScriptUser.PasswdHasUser("keepalived_scripts:x:1:1::/:/bin/false\n", "keepalived_script"));
        Assert.Equal("nobody", DefaultScriptUser.Resolve("nobody"));
    }

    [Fact]
    public void ProcfsProcessTable_StartedProcess_CountedByTracker()
    {
        using var sleeper = System.Diagnostics.Process.Start("sleep", "300.123")!;
        try
        {
            var options = new VrrpTrackProcessOptions { Process = "sleep", Parameters = new[] { "300.123" } };
            var count = new ProcfsProcessTable().Snapshot().Count(p => ProcessMatcher.Matches(options, p));

            Assert.Equal(1, count);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
