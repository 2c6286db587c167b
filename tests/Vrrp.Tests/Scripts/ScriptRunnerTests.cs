using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Scripts;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Scripts;

public class ScriptRunnerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeScriptLauncher _launcher = new();

    private ScriptRunner Runner() => new(_launcher, _time, NullLogger.Instance);

    private static ScriptLaunch Launch(params string[] argv) => new(argv, null, null, new Dictionary<string, string>());

    [Fact]
    public async Task RunAsync_Exits_ReturnsStatus()
    {
        _launcher.ExitCode = _ => 3;

        var result = await Runner().RunAsync("t", Launch("/bin/false"), TimeSpan.FromSeconds(5), false, default);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.True(_launcher.Processes.Single().Disposed);
    }

    [Fact]
    public async Task RunAsync_Hangs_SigtermThenSigkillToProcessGroup()
    {
        _launcher.ExitCode = _ => null;
        var run = Runner().RunAsync("t", Launch("/bin/sleep", "100"), TimeSpan.FromSeconds(5), false, default);
        var process = _launcher.Processes.Single();

        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.True(() => process.Signals.Contains(ScriptSignals.SigTerm), "SIGTERM at the timeout");
        Assert.False(run.IsCompleted);
        _time.Advance(ScriptRunner.KillGrace);
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.Equal([ScriptSignals.SigTerm, ScriptSignals.SigKill], process.Signals.ToArray());
    }

    [Fact]
    public async Task RunAsync_HonoursSigterm_NoSigkill()
    {
        _launcher.ExitCode = _ => null;
        _launcher.HonourSigterm = true;
        var run = Runner().RunAsync("t", Launch("/bin/sleep", "100"), TimeSpan.FromSeconds(1), false, default);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.Equal([ScriptSignals.SigTerm], _launcher.Processes.Single().Signals.ToArray());
    }

    [Fact]
    public async Task RunAsync_CannotStart_ReportsFailure()
    {
        _launcher.FailToStart = true;

        var result = await Runner().RunAsync("t", Launch("/nonexistent"), TimeSpan.FromSeconds(1), false, default);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
    }
}
