using System.Diagnostics;
using LvsDirector.TestSupport;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Two router namespaces joined by a bridge in a third (multicast snooping off), each with eth0 holding
/// 192.0.2.N/24 and 2001:db8::N/64 (no DAD). Names are prefixed <c>lvsv-</c> and unique; everything is
/// deleted on dispose, also after a failure.
/// </summary>
internal sealed class NamespaceLab : IDisposable
{
    private static int _counter;
    private readonly List<Process> _processes = new();

    public NamespaceLab()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ip", "iproute2");
        var id = $"{Environment.ProcessId % 10000}{Interlocked.Increment(ref _counter)}";
        Bridge = $"lvsv-{id}-br";
        A = $"lvsv-{id}-a";
        B = $"lvsv-{id}-b";
        try
        {
            Run("ip", $"netns add {Bridge}");
            Run("ip", $"-n {Bridge} link add br0 type bridge mcast_snooping 0");
            Run("ip", $"-n {Bridge} link set br0 up");
            var n = 1;
            foreach (var ns in new[] { A, B })
            {
                Run("ip", $"netns add {ns}");
                Run("ip", $"netns exec {ns} sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0");
                Run("ip", $"-n {ns} link add eth0 type veth peer name v{n} netns {Bridge}");
                Run("ip", $"-n {Bridge} link set v{n} master br0 up");
                Run("ip", $"-n {ns} link set lo up");
                Run("ip", $"-n {ns} addr add 192.0.2.{n}/24 dev eth0");
                Run("ip", $"-n {ns} addr add 2001:db8::{n}/64 dev eth0 nodad");
                Run("ip", $"-n {ns} link set eth0 up");
                n++;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Bridge { get; }
    public string A { get; }
    public string B { get; }

    /// <summary>Whether <paramref name="address"/> (e.g. "192.0.2.100") is configured in <paramref name="ns"/>.</summary>
    public bool Holds(string ns, string address) =>
        Run("ip", $"-n {ns} -o addr show dev eth0").Split('\n').Any(l => l.Contains($" {address}/", StringComparison.Ordinal));

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    /// <summary>Starts a process we own (stopped and reaped on dispose).</summary>
    public Process Start(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {file}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processes) _processes.Add(process);
        return process;
    }

    public static string Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error}");
        return output;
    }

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var p in _processes)
            {
                try
                {
                    if (!p.HasExited) p.Kill(entireProcessTree: true);
                    p.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                }
                p.Dispose();
            }
            _processes.Clear();
        }
        foreach (var ns in new[] { A, B, Bridge })
        {
            try
            {
                Run("ip", $"netns del {ns}");
            }
            catch (InvalidOperationException)
            {
                // Not created (setup failed before it) or already gone.
            }
        }
    }
}
