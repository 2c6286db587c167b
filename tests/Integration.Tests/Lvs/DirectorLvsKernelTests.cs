using LvsDirector.Integration.Tests.Support;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>`lvs-director -n -l -C -f FILE` against the real IPVS kernel of the VM.</summary>
[Trait("Category", "Vm")]
[Collection("ipvs-kernel")]
public class DirectorLvsKernelTests
{
    private const string Config = """
        global_defs { lvs_timeouts tcp 800 tcpfin 100 udp 200 }
        virtual_server 192.0.2.100 80 {
          protocol TCP
          lb_algo wrr
          lb_kind DR
          persistence_timeout 600
          real_server 198.51.100.1 80 { weight 2 }
          real_server 198.51.100.2 80 { weight 3 }
        }
        virtual_server fwmark 7 {
          lb_algo sh
          sh-port
          lb_kind NAT
          real_server 198.51.100.3 8080 { }
        }
        """;

    private static readonly TimeSpan Start = TimeSpan.FromSeconds(90);

    private static string WriteConfig(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lvsd-vm-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Run_Config_ProgramsTableAndLeavesForeignServiceAlone()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        await Shell.RunAsync("ipvsadm", ["-A", "-t", "203.0.113.9:22", "-s", "rr"]);
        var conf = WriteConfig(Config);
        var timeoutsBefore = TimeoutLine((await Shell.RunAsync("ipvsadm", ["-Ln", "--timeout"])).Stdout);
        Assert.DoesNotContain("800 100 200", timeoutsBefore);
        await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", conf]);
        var table = await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(1), t => t.Any(l => l.Contains("198.51.100.3")));
        Assert.Equal(new[]
        {
            "-A -f 7 -s sh -b sh-port",
            "-A -t 192.0.2.100:80 -s wrr -p 600",
            "-A -t 203.0.113.9:22 -s rr",
            "-a -f 7 -r 198.51.100.3:8080 -m -w 1",
            "-a -t 192.0.2.100:80 -r 198.51.100.1:80 -g -w 2",
            "-a -t 192.0.2.100:80 -r 198.51.100.2:80 -g -w 3",
        }, table);
        var timeouts = await Shell.RunAsync("ipvsadm", ["-Ln", "--timeout"]);
        Assert.Contains("800 100 200", timeouts.Stdout);
        Assert.Equal(0, await director.StopAsync());
        // Stopping puts back the timeouts it found, as keepalived does (and leaves the table).
        Assert.Equal(timeoutsBefore, TimeoutLine((await Shell.RunAsync("ipvsadm", ["-Ln", "--timeout"])).Stdout));
        Assert.Equal(table, await IpvsKernel.SaveAsync());
    }

    private static string TimeoutLine(string listing) => listing.Split('\n').Single(l => l.StartsWith("Timeout", StringComparison.Ordinal)).Trim();

    [Fact]
    public async Task Reload_OneWeightChanged_EditedInPlaceWithoutDeletes()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        var conf = WriteConfig(Config);
        await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", conf]);
        Assert.True(await director.WaitForOutputAsync("Started lvs-director", Start), director.Output);
        await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(1), t => t.Any(l => l.Contains("198.51.100.3")));
        var before = director.Output.Length;
        File.WriteAllText(conf, Config.Replace("real_server 198.51.100.2 80 { weight 3 }", "real_server 198.51.100.2 80 { weight 5 }"));
        director.Signal(1);
        Assert.True(await director.WaitForOutputAsync("Reload done", Start), director.Output);
        var table = await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(1), t => t.Any(l => l.Contains("198.51.100.2:80 -g -w 5")));
        Assert.Contains("-a -t 192.0.2.100:80 -r 198.51.100.2:80 -g -w 5", table);
        var afterReload = director.Output[before..];
        Assert.DoesNotContain("IPVS: delete", afterReload);
        Assert.DoesNotContain("IPVS: add", afterReload);
        Assert.Equal(0, await director.StopAsync());
    }

    /// <summary>
    /// Someone deletes a configured service with ipvsadm while the director runs (started with keepalived's long
    /// options): the periodic reconcile (every 30 s) puts it back, with its destinations, and touches nothing else.
    /// </summary>
    [Fact]
    public async Task Drift_ServiceDeletedWithIpvsadm_ComesBackAtTheNextPeriodicReconcile()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        var conf = WriteConfig(Config);
        await using var director = DirectorProcess.Start(["--dont-fork", "--log-console", "--check", "--use-file", conf]);
        var table = await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(1), t => t.Any(l => l.Contains("198.51.100.3")));
        Assert.Equal(5, table.Length);
        var before = director.Output.Length;

        Assert.Equal(0, (await Shell.RunAsync("ipvsadm", ["-D", "-t", "192.0.2.100:80"])).ExitCode);
        Assert.DoesNotContain(await IpvsKernel.SaveAsync(), l => l.Contains("192.0.2.100"));

        var deleted = DateTime.UtcNow;
        var back = await IpvsKernel.WaitStableAsync(TimeSpan.FromSeconds(30) + Start, TimeSpan.FromSeconds(1), t => t.Length == 5);
        Assert.Equal(table, back);
        Assert.True(DateTime.UtcNow - deleted < TimeSpan.FromSeconds(30) + Start);
        var repair = director.Output[before..];
        Assert.Contains("IPVS: add service TCP 192.0.2.100:80", repair);
        Assert.DoesNotContain("IPVS: delete", repair);
        Assert.DoesNotContain(repair.Split('\n'), l => l.Contains("IPVS: ") && l.Contains("FWM 7"));
        Assert.Equal(0, await director.StopAsync());
    }

    [Fact]
    public async Task Restart_ExistingTable_AdoptedWithoutAnyChange()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        var conf = WriteConfig(Config);
        await using (var first = DirectorProcess.Start(["-n", "-l", "-C", "-f", conf]))
        {
            await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(1), t => t.Any(l => l.Contains("198.51.100.3")));
            Assert.Equal(0, await first.StopAsync());
        }
        var kept = await IpvsKernel.SaveAsync();
        Assert.Equal(5, kept.Length); // two services, three dests: stopping left them all
        await using var second = DirectorProcess.Start(["-n", "-l", "-C", "-f", conf]);
        Assert.True(await second.WaitForOutputAsync("Started lvs-director", Start), second.Output);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(kept, await IpvsKernel.SaveAsync());
        Assert.DoesNotContain("IPVS: add", second.Output);
        Assert.DoesNotContain("IPVS: delete", second.Output);
        Assert.DoesNotContain("IPVS: edit", second.Output);
        Assert.Equal(0, await second.StopAsync());
    }
}
