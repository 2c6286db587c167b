using System.Diagnostics;
using System.Text;

namespace LvsDirector.Integration.Tests.Support;

/// <summary>Runs a command to completion with a bound on its time, capturing what it prints.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>args[0]</c> with the rest as its arguments; throws with its output unless it exits 0.</summary>
    public static async Task MustAsync(params string[] args)
    {
        var r = await RunAsync(args[0], args[1..]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed: {r.All}");
    }

    public static Task<Result> ShAsync(string script, TimeSpan? timeout = null) => RunAsync("/bin/sh", ["-c", script], timeout);
}
