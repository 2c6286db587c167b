using System.Diagnostics;
using System.Text;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>
/// For every sample config with virtual servers, the IPVS table lvs-director converges to equals the one
/// keepalived converges to. IPVS tables are per network namespace, so each sample runs keepalived in one
/// namespace and lvs-director in another, side by side, all samples at once; the real servers of the
/// samples are unreachable there (only lo), so every check fails the same way on both sides.
/// </summary>
[Trait("Category", "Vm")]
[Collection("ipvs-kernel")]
public class KeepalivedEquivalenceTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);

    private static IEnumerable<string> Samples() =>
        Directory.EnumerateFiles(Path.Combine(Prerequisites.SharedRoot, "keepalived-samples"), "keepalived.conf*")
            .Where(f => File.ReadAllText(f).Contains("virtual_server"))
            .Order();

    [Fact]
    public async Task Tables_EverySampleWithVirtualServers_EqualKeepalivedAfterChecksSettle()
    {
        IpvsKernel.Require();
        Prerequisites.RequireCommand("keepalived", "keepalived");
        var samples = Samples().ToList();
        Assert.NotEmpty(samples);
        var runs = new List<(string Name, string Theirs, string Ours, Process Keepalived, DirectorProcess Director)>();
        var pidDir = Directory.CreateTempSubdirectory("lvsd-eq-");
        try
        {
            for (var i = 0; i < samples.Count; i++)
            {
                var theirs = $"lvsq-k{i}";
                var ours = $"lvsq-o{i}";
                foreach (var ns in new[] { theirs, ours })
                {
                    await Shell.RunAsync("ip", ["netns", "del", ns]);
                    Assert.Equal(0, (await Shell.RunAsync("ip", ["netns", "add", ns])).ExitCode);
                    await Shell.RunAsync("ip", ["-n", ns, "link", "set", "lo", "up"]);
                }
                var keepalived = Process.Start(new ProcessStartInfo("ip",
                    ["netns", "exec", theirs, "keepalived", "-n", "-l", "-C", "-f", samples[i],
                     "-p", Path.Combine(pidDir.FullName, $"k{i}.pid"), "-c", Path.Combine(pidDir.FullName, $"c{i}.pid")])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                keepalived.OutputDataReceived += (_, _) => { };
                keepalived.ErrorDataReceived += (_, _) => { };
                keepalived.BeginOutputReadLine();
                keepalived.BeginErrorReadLine();
                var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", samples[i]], netns: ours);
                runs.Add((Path.GetFileName(samples[i]), theirs, ours, keepalived, director));
            }

            await Task.Delay(Settle);
            var tables = await AllStableAsync(runs.Select(r => (r.Theirs, r.Ours)).ToList());
            var mismatches = new StringBuilder();
            for (var i = 0; i < runs.Count; i++)
            {
                var run = runs[i];
                var (theirs, ours, stable) = tables[i];
                if (theirs.Length == 0) mismatches.AppendLine($"{run.Name}: keepalived programmed nothing");
                if (!stable) mismatches.AppendLine($"{run.Name}: the tables did not settle within {Deadline.TotalSeconds} s");
                if (!theirs.SequenceEqual(ours))
                {
                    mismatches.AppendLine($"{run.Name}:");
                    foreach (var line in theirs.Except(ours)) mismatches.AppendLine($"  only keepalived: {line}");
                    foreach (var line in ours.Except(theirs)) mismatches.AppendLine($"  only ours:       {line}");
                    mismatches.AppendLine("  our log: " + string.Join("\n    ", run.Director.Output.Split('\n').TakeLast(15)));
                }
            }
            Assert.True(mismatches.Length == 0, mismatches.ToString());
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.Director.DisposeAsync();
                if (!run.Keepalived.HasExited)
                {
                    await Shell.RunAsync("kill", ["-TERM", run.Keepalived.Id.ToString()]);
                    await run.Keepalived.WaitForExitAsync();
                }
                await Shell.RunAsync("ip", ["netns", "del", run.Theirs]);
                await Shell.RunAsync("ip", ["netns", "del", run.Ours]);
            }
            pidDir.Delete(recursive: true);
        }
    }

    // Every pair's tables unchanged over the quiet period (checks have settled), watched together under one deadline.
    private static async Task<List<(string[] Theirs, string[] Ours, bool Stable)>> AllStableAsync(List<(string Theirs, string Ours)> pairs)
    {
        var stop = DateTime.UtcNow + Deadline;
        var last = new List<(string[], string[])>();
        foreach (var (t, o) in pairs) last.Add((await SaveAsync(t), await SaveAsync(o)));
        var stable = new bool[pairs.Count];
        while (DateTime.UtcNow < stop && stable.Any(s => !s))
        {
            await Task.Delay(Quiet);
            for (var i = 0; i < pairs.Count; i++)
            {
                if (stable[i]) continue;
                var t = await SaveAsync(pairs[i].Theirs);
                var o = await SaveAsync(pairs[i].Ours);
                stable[i] = t.SequenceEqual(last[i].Item1) && o.SequenceEqual(last[i].Item2);
                last[i] = (t, o);
            }
        }
        return last.Select((l, i) => (l.Item1, l.Item2, stable[i])).ToList();
    }

    private static async Task<string[]> SaveAsync(string ns)
    {
        var r = await Shell.RunAsync("ip", ["netns", "exec", ns, "ipvsadm", "-Sn"]);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order(StringComparer.Ordinal).ToArray();
    }
}
