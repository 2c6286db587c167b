using System.Diagnostics;
using LvsDirector.Integration.Tests.Support;
using Xunit.Abstractions;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>
/// `lvs-director -n -l -C -f FILE` with real health checks against real servers living in a namespace of the
/// IPVS VM: the checkers' verdicts reach the kernel's table (dest removed, weight 0 with
/// inhibit_on_failure, sorry_server in and out).
/// </summary>
/// <remarks>
/// Detection bound asserted: delay_loop + retry × (connect_timeout + delay_before_retry), computed from the
/// config below (9 s), plus <see cref="EmulationMargin"/>: under TCG the director and the listeners run 20–35×
/// slower than natively on two vCPUs. Measured 2026-11-23 in the VM: 2.39 s (TCP_CHECK), 2.77 s (HTTP_GET), 2.61 s
/// (sorry server in), 1.14 s (sorry server out once a server is back, bound delay_loop + margin).
/// </remarks>
[Trait("Category", "Vm")]
[Collection("ipvs-kernel")]
public class DirectorCheckerKernelTests(ITestOutputHelper output)
{
    private const int DelayLoop = 1;
    private const int ConnectTimeout = 3;
    private const int Retry = 2;
    private const int DelayBeforeRetry = 1;
    private const string Rs1 = "198.51.100.1";
    private const string Rs2 = "198.51.100.2";
    private const string Sorry = "198.51.100.9";
    private const string Service = "-A -t 192.0.2.100:80 -s rr";

    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(DelayLoop + Retry * (ConnectTimeout + DelayBeforeRetry));
    private static readonly TimeSpan EmulationMargin = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(300);

    private static string Dest(string address, int weight) => $"-a -t 192.0.2.100:80 -r {address}:80 -g -w {weight}";

    private static string Check(string kind, string body = "") => $$"""
              {{kind}} {
                connect_timeout {{ConnectTimeout}}
                retry {{Retry}}
                delay_before_retry {{DelayBeforeRetry}}
                {{body}}
              }
        """;

    // alpha: a server enters the table only once its check has passed, so "in the table" means "checked up".
    private static string Config(string check, string extra = "") => $$"""
        virtual_server 192.0.2.100 80 {
          protocol TCP
          delay_loop {{DelayLoop}}
          lb_algo rr
          lb_kind DR
          alpha
          {{extra}}
          real_server {{Rs1}} 80 {
            weight 1
        {{check}}
          }
          real_server {{Rs2}} 80 {
            weight 1
        {{check}}
          }
        }
        """;

    private static string WriteConfig(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lvsd-chk-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<RealServerNamespace> RealServersAsync() =>
        RealServerNamespace.CreateAsync(["198.51.100.254/24"], [$"{Rs1}/24", $"{Rs2}/24", $"{Sorry}/24"]);

    [Fact]
    public async Task TcpCheck_Alpha_EntersOnlyOnceCheckedAndLeavesWithinBoundWhenStopped()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        await using var servers = await RealServersAsync();
        servers.StartTcp(Rs1, 80);
        await servers.WaitListeningAsync(Rs1, 80, Start);
        await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", WriteConfig(Config(Check("TCP_CHECK")))]);

        // alpha: the server nobody listens for never enters the table, not even before its first check.
        string[] onlyRs1 = [Service, Dest(Rs1, 1)];
        await WaitForAsync(director, t => t.SequenceEqual(onlyRs1), Start);
        Assert.Equal(onlyRs1, await IpvsKernel.SaveAsync());
        Assert.DoesNotContain($"add dest {Rs2}:80", director.Output);

        servers.StartTcp(Rs2, 80);
        string[] up = [Service, Dest(Rs1, 1), Dest(Rs2, 1)];
        await WaitForAsync(director, t => t.SequenceEqual(up), Start);

        servers.Stop(Rs1);
        var elapsed = await WaitForAsync(director, t => !t.Contains(Dest(Rs1, 1)), DetectionBound + EmulationMargin);
        output.WriteLine($"TCP_CHECK: dest left the table {elapsed.TotalSeconds:F2} s after its server stopped (bound {DetectionBound.TotalSeconds} s + margin {EmulationMargin.TotalSeconds} s)");
        Assert.True(elapsed <= DetectionBound + EmulationMargin, $"{elapsed} > {DetectionBound} + {EmulationMargin}\n{director.Output}");
        Assert.Equal(new[] { Service, Dest(Rs2, 1) }, await IpvsKernel.SaveAsync());
        Assert.Contains($"Disabling real server {Rs1}:80", director.Output);
        Assert.Equal(0, await director.StopAsync());
    }

    [Fact]
    public async Task Reload_AlphaServerAdded_NotInTheTableBeforeItsCheckPasses()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        await using var servers = await RealServersAsync();
        servers.StartTcp(Rs1, 80);
        await servers.WaitListeningAsync(Rs1, 80, Start);
        var full = Config(Check("TCP_CHECK"));
        var rs2Block = full[full.IndexOf($"  real_server {Rs2}", StringComparison.Ordinal)..full.LastIndexOf('}')];
        var conf = WriteConfig(full.Replace(rs2Block, ""));
        await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", conf]);
        string[] onlyRs1 = [Service, Dest(Rs1, 1)];
        await WaitForAsync(director, t => t.SequenceEqual(onlyRs1), Start);

        // Rs2 (nobody listens, alpha) added by a reload: its initial verdict (down) reaches the table writer
        // through the event pump, which used to lose the race against the reload's own table write.
        var before = director.Output.Length;
        File.WriteAllText(conf, full);
        director.Signal(1);
        Assert.True(await director.WaitForOutputAsync("Reload done", Start), director.Output);
        await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(3));

        Assert.Equal(onlyRs1, await IpvsKernel.SaveAsync());
        Assert.DoesNotContain($"add dest {Rs2}:80", director.Output[before..]);
        Assert.Equal(0, await director.StopAsync());
    }

    [Fact]
    public async Task HttpGet_InhibitOnFailure_ServerStopped_WeightZeroThenBack()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        var docroot = Directory.CreateTempSubdirectory("lvsk-www-");
        File.WriteAllText(Path.Combine(docroot.FullName, "ok.txt"), "ok\n");
        try
        {
            await using var servers = await RealServersAsync();
            servers.StartHttp(Rs1, 80, docroot.FullName);
            servers.StartHttp(Rs2, 80, docroot.FullName);
            await servers.WaitListeningAsync(Rs1, 80, Start);
            await servers.WaitListeningAsync(Rs2, 80, Start);
            var check = Check("HTTP_GET", "url {\n      path /ok.txt\n      status_code 200\n    }");
            await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", WriteConfig(Config(check, "inhibit_on_failure"))]);
            string[] up = [Service, Dest(Rs1, 1), Dest(Rs2, 1)];
            await WaitForAsync(director, t => t.SequenceEqual(up), Start);

            servers.Stop(Rs1);
            var elapsed = await WaitForAsync(director, t => t.Contains(Dest(Rs1, 0)), DetectionBound + EmulationMargin);
            output.WriteLine($"HTTP_GET + inhibit_on_failure: weight 0 {elapsed.TotalSeconds:F2} s after the server stopped (bound {DetectionBound.TotalSeconds} s + margin {EmulationMargin.TotalSeconds} s)");
            Assert.True(elapsed <= DetectionBound + EmulationMargin, $"{elapsed}\n{director.Output}");
            Assert.Equal(new[] { Service, Dest(Rs1, 0), Dest(Rs2, 1) }, await IpvsKernel.SaveAsync());

            servers.StartHttp(Rs1, 80, docroot.FullName);
            await WaitForAsync(director, t => t.Contains(Dest(Rs1, 1)), Start);
            Assert.Equal(up, await IpvsKernel.SaveAsync());
            Assert.Equal(0, await director.StopAsync());
        }
        finally
        {
            docroot.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SorryServer_AllStoppedThenOneBack_SorryServerInThenOut()
    {
        IpvsKernel.Require();
        await IpvsKernel.ClearAsync();
        await using var servers = await RealServersAsync();
        servers.StartTcp(Rs1, 80);
        servers.StartTcp(Rs2, 80);
        await servers.WaitListeningAsync(Rs1, 80, Start);
        await servers.WaitListeningAsync(Rs2, 80, Start);
        // smtp_alert: the real servers' and the virtual server's transitions are handed to the alert channel.
        var config = """
            global_defs {
              router_id lb-test
              notification_email { ops@example.org }
              smtp_server 192.0.2.25
            }

            """ + Config(Check("TCP_CHECK"), $"sorry_server {Sorry} 80\n  smtp_alert");
        await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", WriteConfig(config)]);
        string[] up = [Service, Dest(Rs1, 1), Dest(Rs2, 1)];
        await WaitForAsync(director, t => t.SequenceEqual(up), Start);

        servers.Stop(Rs1);
        servers.Stop(Rs2);
        string[] sorryOnly = [Service, Dest(Sorry, 1)];
        var down = await WaitForAsync(director, t => t.SequenceEqual(sorryOnly), DetectionBound + EmulationMargin);
        output.WriteLine($"sorry_server in the table {down.TotalSeconds:F2} s after both servers stopped (bound {DetectionBound.TotalSeconds} s + margin {EmulationMargin.TotalSeconds} s)");
        Assert.True(down <= DetectionBound + EmulationMargin, $"{down} > {DetectionBound} + {EmulationMargin}\n{director.Output}");
        Assert.Equal(sorryOnly, await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(2)));
        Assert.True(await director.WaitForOutputAsync("[lb-test] Virtualserver 192.0.2.100:80/TCP - DOWN", TimeSpan.FromSeconds(10)), director.Output);
        Assert.Contains($"[lb-test] Realserver {Rs1}:80 of virtual server 192.0.2.100:80/TCP - DOWN", director.Output);
        Assert.Contains($"[lb-test] Realserver {Rs2}:80 of virtual server 192.0.2.100:80/TCP - DOWN", director.Output);

        servers.StartTcp(Rs2, 80);
        string[] back = [Service, Dest(Rs2, 1)];
        var recovered = await WaitForAsync(director, t => t.SequenceEqual(back), Start);
        // A returning server is probed again within delay_loop, and one passing probe brings it back.
        var returnBound = TimeSpan.FromSeconds(DelayLoop) + EmulationMargin;
        output.WriteLine($"sorry_server out {recovered.TotalSeconds:F2} s after one server came back (bound {returnBound.TotalSeconds} s)");
        Assert.True(recovered <= returnBound, $"{recovered} > {returnBound}\n{director.Output}");
        Assert.Equal(back, await IpvsKernel.WaitStableAsync(Start, TimeSpan.FromSeconds(2)));
        Assert.Equal(0, await director.StopAsync());
    }

    // Polls the kernel table (/proc/net/ip_vs, no process spawned) until it satisfies the condition; the time it took.
    private static async Task<TimeSpan> WaitForAsync(DirectorProcess director, Func<string[], bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        string[] last = [];
        while (sw.Elapsed < timeout + TimeSpan.FromSeconds(30))
        {
            last = IpvsKernel.ReadProc();
            if (condition(last)) return sw.Elapsed;
            await Task.Delay(100);
        }
        Assert.Fail($"the IPVS table did not change as expected within {sw.Elapsed}; it holds:\n{string.Join('\n', last)}\nlvs-director:\n{director.Output}");
        return sw.Elapsed;
    }
}
