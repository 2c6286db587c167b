using System.Collections.Concurrent;
using LvsDirector.Vrrp.Scripts;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>
/// Starts nothing: each launch is recorded and gets a fake process whose exit code comes from
/// <see cref="ExitCode"/> (null = it hangs until signalled). SIGTERM ends it only when
/// <see cref="HonourSigterm"/>; SIGKILL always does (status 137).
/// </summary>
internal sealed class FakeScriptLauncher : IScriptLauncher
{
    private int _nextPid = 1000;

    public ConcurrentQueue<ScriptLaunch> Launches { get; } = new();

    public ConcurrentQueue<FakeScriptProcess> Processes { get; } = new();

    public Func<ScriptLaunch, int?> ExitCode { get; set; } = _ => 0;

    public bool HonourSigterm { get; set; }

    public bool FailToStart { get; set; }

    public IScriptProcess Start(ScriptLaunch launch)
    {
        if (FailToStart) throw new System.ComponentModel.Win32Exception(2, "No such file or directory");
        Launches.Enqueue(launch);
        var process = new FakeScriptProcess(Interlocked.Increment(ref _nextPid), HonourSigterm);
        Processes.Enqueue(process);
        if (ExitCode(launch) is { } code) process.Exit(code);
        return process;
    }
}

internal sealed class FakeScriptProcess(int id, bool honourSigterm) : IScriptProcess
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Id { get; } = id;

    public ConcurrentQueue<int> Signals { get; } = new();

    public bool Disposed { get; private set; }

    public void Exit(int code) => _exit.TrySetResult(code);

    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _exit.Task.WaitAsync(cancellationToken);

    public void SignalGroup(int signal)
    {
        Signals.Enqueue(signal);
        if (signal == ScriptSignals.SigKill) Exit(128 + signal);
        else if (signal == ScriptSignals.SigTerm && honourSigterm) Exit(128 + signal);
    }

    public void Dispose() => Disposed = true;
}
