using System.Diagnostics;
using System.Text;

namespace LvsDirector.Integration.Tests.Support;

/// <summary>The real lvs-director, started as an operator would (optionally inside a network namespace).</summary>
internal sealed class DirectorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DirectorProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The apphost's dll, copied beside the tests by the project reference.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "lvs-director.dll");

    /// <summary>
    /// The installed form when LVS_DIRECTOR_BINARY names it (run-tests.sh: the native executable install.sh
    /// publishes), else the dll under <c>dotnet</c>.
    /// </summary>
    public static string[] Command => Environment.GetEnvironmentVariable("LVS_DIRECTOR_BINARY") is { Length: > 0 } binary
        ? [binary]
        : ["dotnet", DllPath];

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <param name="sighupIgnored">Starts it as <c>nohup</c> would: with SIGHUP ignored, a disposition inherited across exec.</param>
    public static DirectorProcess Start(IEnumerable<string> args, string? netns = null, bool sighupIgnored = false)
    {
        var command = new List<string>();
        if (sighupIgnored) command.AddRange(["env", "--ignore-signal=HUP"]);
        if (netns is not null) command.AddRange(["ip", "netns", "exec", netns]);
        command.AddRange(Command);
        command.AddRange(args);
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        return new DirectorProcess(Process.Start(psi) ?? throw new InvalidOperationException("cannot start lvs-director"));
    }

    public static async Task<Shell.Result> RunAsync(params string[] args) => await Shell.RunAsync(Command[0], [.. Command[1..], .. args]);

    /// <summary>Waits until the output contains <paramref name="text"/>; false on timeout or exit.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            await Task.Delay(100);
        }
        return false;
    }

    public void Signal(int signal) => Shell.RunAsync("kill", [$"-{signal}", _process.Id.ToString()]).GetAwaiter().GetResult();

    /// <summary>SIGTERM, then the exit code (SIGKILL after the timeout).</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited) Signal(15);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return 137;
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
