using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>
/// For every sample config with virtual servers, and for our own configurations (Lvs/Configs: the settings the
/// samples do not use), the IPVS table lvs-director converges to equals the one keepalived converges to:
/// <c>ipvsadm -Sn</c>, plus the thresholds and tunnel settings that only <c>-Ln --thresholds</c> and
/// <c>-Ln --tun-info</c> show. IPVS tables are per network namespace, so each sample runs keepalived in one
/// namespace and lvs-director in another, side by side, all samples at once; the real servers of the
/// Both tools get the same copy of each sample without its checker blocks: what is compared is how the
/// configuration becomes the table (services, schedulers, flags, persistence, groups, methods, weights,
/// thresholds). Checks are left out because under emulation 16 concurrent runtimes do not get their
/// checks to settle in a bounded time; check outcomes are tested in Checkers.Tests against real servers.
/// </summary>
[Trait("Category", "Vm")]
[Collection("ipvs-kernel")]
public class KeepalivedEquivalenceTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(300);

    private static IEnumerable<string> Samples() =>
        Directory.EnumerateFiles(Path.Combine(Prerequisites.SharedRoot, "keepalived-samples"), "keepalived.conf*")
            .Concat(Directory.EnumerateFiles(Path.Combine(Prerequisites.RepositoryRoot, "tests", "Integration.Tests", "Lvs", "Configs"), "keepalived.conf*"))
            .Where(f => File.ReadAllText(f).Contains("virtual_server"))
            .Order();

    [Fact]
    public async Task Tables_EverySampleWithVirtualServers_EqualKeepalivedTables()
    {
        IpvsKernel.Require();
        Prerequisites.RequireCommand("keepalived", "keepalived");
        var pidDir = Directory.CreateTempSubdirectory("lvsd-eq-");
        var samples = Samples().Select(f => WithoutCheckers(f, pidDir.FullName)).ToList();
        Assert.Contains(samples, s => s.EndsWith("keepalived.conf.own-settings", StringComparison.Ordinal));
        var runs = new List<(string Name, string Theirs, string Ours, Process Keepalived, DirectorProcess Director)>();
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
                if (!theirs.SequenceEqual(ours))
                {
                    mismatches.AppendLine(stable ? $"{run.Name}:" : $"{run.Name} (still changing after {Deadline.TotalSeconds} s):");
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

    private static readonly Regex CheckerStart = new(@"^\s*(HTTP_GET|SSL_GET|TCP_CHECK|SMTP_CHECK|DNS_CHECK|MISC_CHECK|UDP_CHECK|PING_CHECK|FILE_CHECK|BFD_CHECK)\b");

    // The sample without its checker blocks (brace-counted), written beside the pid files.
    private static string WithoutCheckers(string sample, string dir)
    {
        var kept = new List<string>();
        var depth = 0;
        foreach (var line in File.ReadLines(sample))
        {
            var code = line.Split('#', '!')[0];
            var balance = code.Count(c => c == '{') - code.Count(c => c == '}');
            if (depth == 0 && CheckerStart.IsMatch(code))
            {
                // A one-line block ends here; a "{" on the next line is waited for (-1).
                depth = balance > 0 ? balance : code.Contains('{') ? 0 : -1;
                continue;
            }
            if (depth == -1)
            {
                if (code.Contains('{')) depth = balance;
                continue;
            }
            if (depth > 0)
            {
                depth += balance;
                continue;
            }
            kept.Add(line);
        }
        var path = Path.Combine(dir, Path.GetFileName(sample));
        File.WriteAllLines(path, kept);
        return path;
    }

    // Every pair's tables unchanged between two sweeps a quiet period apart (checks have settled), under one deadline.
    internal static async Task<List<(string[] Theirs, string[] Ours, bool Stable)>> AllStableAsync(List<(string Theirs, string Ours)> pairs)
    {
        var stop = DateTime.UtcNow + Deadline;
        var last = await SweepAsync(pairs);
        var stable = new bool[pairs.Count];
        while (DateTime.UtcNow < stop && stable.Any(s => !s))
        {
            await Task.Delay(Quiet);
            var now = await SweepAsync(pairs);
            for (var i = 0; i < pairs.Count; i++)
                stable[i] = now[i].Theirs.SequenceEqual(last[i].Theirs) && now[i].Ours.SequenceEqual(last[i].Ours);
            last = now;
        }
        return last.Select((l, i) => (l.Theirs, l.Ours, stable[i])).ToList();
    }

    // What -Sn leaves out, one line per destination prefixed by its service (-Ln lists services in hash order).
    private const string PerDestination = "awk '/^(TCP|UDP|SCTP|FWM)/{s=$1\" \"$2} /->/ && !/RemoteAddress/{print s, $0}'";

    // One shell reads every namespace's table (one process per sweep, not two per pair).
    private static async Task<List<(string[] Theirs, string[] Ours)>> SweepAsync(List<(string Theirs, string Ours)> pairs)
    {
        var names = pairs.SelectMany(p => new[] { p.Theirs, p.Ours }).ToList();
        var script = string.Join("; ", names.Select(n => $"echo '=== {n}'; ip netns exec {n} ipvsadm -Sn; " +
            $"ip netns exec {n} ipvsadm -Ln --thresholds | {PerDestination} | sed 's/^/thresholds: /'; " +
            $"ip netns exec {n} ipvsadm -Ln --tun-info | {PerDestination} | sed 's/^/tun-info: /'"));
        var r = await Shell.ShAsync(script, TimeSpan.FromMinutes(5));
        var tables = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var raw in r.Stdout.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("=== ", StringComparison.Ordinal)) tables[line[4..]] = current = new List<string>();
            else if (line.Length > 0) current?.Add(line);
        }
        string[] Of(string n) => tables.TryGetValue(n, out var t) ? t.Order(StringComparer.Ordinal).ToArray() : [];
        return pairs.Select(p => (Of(p.Theirs), Of(p.Ours))).ToList();
    }
}
