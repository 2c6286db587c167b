using System.Diagnostics;
using System.Globalization;
using LvsDirector.TestSupport;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// tcpdump on a bridge port inside the lab (what went on the wire), decoded afterwards with tshark into
/// rows of fields. A port of a two-router bridge sees both routers' adverts: one side sends through it,
/// the other side's multicast and unicast leave through it.
/// </summary>
internal sealed class WireCapture : IDisposable
{
    private readonly Process _tcpdump;
    private readonly string _directory;
    private readonly string _file;
    private bool _stopped;

    private readonly System.Text.StringBuilder _diagnostics;

    private WireCapture(Process tcpdump, string directory, string file, System.Text.StringBuilder diagnostics)
    {
        _diagnostics = diagnostics;
        _tcpdump = tcpdump;
        _directory = directory;
        _file = file;
    }

    /// <summary>Starts capturing on <paramref name="device"/> of <paramref name="ns"/> and returns once tcpdump listens.</summary>
    public static async Task<WireCapture> StartAsync(string ns, string device, string filter = "ip proto 112 or ip6 proto 112 or ip proto 51 or arp or icmp6")
    {
        var tcpdump = Prerequisites.RequireCommand("tcpdump", "tcpdump");
        Prerequisites.RequireCommand("tshark", "tshark");
        var directory = Directory.CreateTempSubdirectory("lvsw-pcap-").FullName;
        var file = Path.Combine(directory, "wire.pcap");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("ip", ["netns", "exec", ns, tcpdump, "-i", device, "-n", "-U", "--immediate-mode", "-s", "256", "-w", file, filter])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        var diagnostics = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (diagnostics) diagnostics.AppendLine(e.Data);
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true) listening.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var capture = new WireCapture(process, directory, file, diagnostics);
        if (await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(10))) != listening.Task)
        {
            capture.Dispose();
            throw new InvalidOperationException($"tcpdump did not start listening on {ns}/{device}");
        }
        return capture;
    }

    /// <summary>What tcpdump said (device, packet counts).</summary>
    public override string ToString()
    {
        lock (_diagnostics) return $"tcpdump: {_diagnostics}";
    }

    /// <summary>Stops tcpdump (SIGINT: it flushes the file) and waits for it.</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        if (!_tcpdump.HasExited)
        {
            // `ip netns exec` execs tcpdump: the pid is tcpdump's.
            NamespaceLab.Run("kill", $"-INT {_tcpdump.Id}");
            if (!_tcpdump.WaitForExit(10000)) _tcpdump.Kill();
        }
    }

    /// <summary>The frames matching the tshark display filter, each as <c>frame.time_epoch</c> followed by <paramref name="fields"/>.</summary>
    public IReadOnlyList<WireFrame> Read(string displayFilter, params string[] fields)
    {
        Stop();
        return Decode(displayFilter, fields);
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> frames matching <paramref name="displayFilter"/> are in the file
    /// (tcpdump writes each packet as it comes, -U): stopping tcpdump at a fixed time loses what a loaded machine has
    /// not let it read yet. False at the timeout; the caller's assertions then say what was missing.
    /// </summary>
    public async Task<bool> WaitForAsync(string displayFilter, int count, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (Decode(displayFilter, []).Count >= count) return true;
            }
            catch (InvalidOperationException)
            {
                // A file caught mid-packet before its first whole frame: look again.
            }
            if (waited.Elapsed > timeout) return false;
            await Task.Delay(200);
        }
    }

    private List<WireFrame> Decode(string displayFilter, string[] fields)
    {
        var arguments = new List<string> { "-r", _file, "-n", "-Y", displayFilter, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "frame.time_epoch" };
        foreach (var f in fields)
        {
            arguments.Add("-e");
            arguments.Add(f);
        }
        using var tshark = Process.Start(new ProcessStartInfo("tshark", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var error = tshark.StandardError.ReadToEndAsync();
        var output = tshark.StandardOutput.ReadToEnd();
        if (!tshark.WaitForExit(60000)) tshark.Kill();
        // A capture cut short by SIGINT mid-packet still decodes up to there; anything else is a broken rig.
        if (tshark.ExitCode != 0 && output.Length == 0)
            throw new InvalidOperationException($"tshark -r {_file} -Y '{displayFilter}' failed ({tshark.ExitCode}): {error.Result}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|'))
            .Select(parts => new WireFrame(
                DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)(decimal.Parse(parts[0], CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond)),
                parts.Skip(1).ToArray()))
            .ToList();
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
        }
        _tcpdump.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>One captured frame: its time and the requested fields, in order ("" when absent).</summary>
internal sealed record WireFrame(DateTimeOffset Time, string[] Fields)
{
    public string this[int index] => Fields[index];
}
