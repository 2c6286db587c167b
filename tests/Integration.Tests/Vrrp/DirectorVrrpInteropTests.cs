using System.Diagnostics;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Vrrp;

/// <summary>`lvs-director -n -l -P -f FILE` against real keepalived 2.2.7, in namespaces, as an operator runs both.</summary>
[Trait("Category", "Integration")]
[Collection("vrrp-lab")]
public class DirectorVrrpInteropTests
{
    private const string Vip = "192.0.2.100";

    private static string Config(int priority, int version = 2) => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            version {{version}}
            virtual_ipaddress {
                {{Vip}}/24
            }
        }
        """;

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lvsd-vrrp-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<Process> StartKeepalivedAsync(string ns, string conf)
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        var dir = Directory.CreateTempSubdirectory("lvsd-ka-");
        var p = Process.Start(new ProcessStartInfo("ip",
            ["netns", "exec", ns, "keepalived", "-n", "-l", "-D", "-P", "-f", conf,
             "-p", Path.Combine(dir.FullName, "k.pid"), "-r", Path.Combine(dir.FullName, "v.pid")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        await Task.Delay(500);
        return p;
    }

    private static async Task StopAsync(Process p)
    {
        if (p.HasExited) return;
        await Shell.RunAsync("kill", ["-TERM", p.Id.ToString()]);
        await p.WaitForExitAsync();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task HigherPriority_OursTakesVipAndHandsItBackOnStop(int version)
    {
        await using var lab = await VrrpLab.CreateAsync($"lvsi{version}");
        var keepalived = await StartKeepalivedAsync(lab.A, Write(Config(100, version)));
        try
        {
            await using var director = DirectorProcess.Start(["-n", "-l", "-P", "-f", Write(Config(150, version))], netns: lab.B);
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, true, TimeSpan.FromSeconds(20)), director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, false, TimeSpan.FromSeconds(5)), "keepalived kept the VIP: split brain");

            // Graceful stop sends priority 0: keepalived takes over after its skew time, well inside 3 s.
            Assert.Equal(0, await director.StopAsync());
            Assert.False(await lab.HoldsAsync(lab.B, Vip));
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, true, TimeSpan.FromSeconds(3)), "keepalived did not take over after our priority-0 advert");
        }
        finally
        {
            await StopAsync(keepalived);
        }
    }

    [Fact]
    public async Task Reload_PriorityLowered_KeepalivedPreemptsWithoutRestart()
    {
        await using var lab = await VrrpLab.CreateAsync("lvsir");
        var keepalived = await StartKeepalivedAsync(lab.A, Write(Config(100)));
        try
        {
            var conf = Write(Config(150));
            await using var director = DirectorProcess.Start(["-n", "-l", "-P", "-f", conf], netns: lab.B);
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, true, TimeSpan.FromSeconds(20)), director.Output);
            File.WriteAllText(conf, Config(50));
            director.Signal(1);
            Assert.True(await director.WaitForOutputAsync("Reload done", TimeSpan.FromSeconds(20)), director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, true, TimeSpan.FromSeconds(10)), "keepalived (100) did not preempt ours (50) after the reload\n" + director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, false, TimeSpan.FromSeconds(5)), director.Output);
            Assert.False(director.HasExited);
        }
        finally
        {
            await StopAsync(keepalived);
        }
    }

    [Fact]
    public async Task KeepalivedHigher_StopsGracefully_OursTakesOver()
    {
        await using var lab = await VrrpLab.CreateAsync("lvsik");
        var keepalived = await StartKeepalivedAsync(lab.A, Write(Config(200)));
        try
        {
            await using var director = DirectorProcess.Start(["-n", "-l", "-P", "-f", Write(Config(100))], netns: lab.B);
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, true, TimeSpan.FromSeconds(20)));
            Assert.True(await director.WaitForOutputAsync("Entering BACKUP STATE", TimeSpan.FromSeconds(20)), director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, false, TimeSpan.FromSeconds(5)), director.Output);
            await StopAsync(keepalived);
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, true, TimeSpan.FromSeconds(4)), director.Output);
        }
        finally
        {
            await StopAsync(keepalived);
        }
    }
}
