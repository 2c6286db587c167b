using System.Text.RegularExpressions;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>
/// ha_suspend with the real binary in a namespace of its own: the checks of a virtual server run only while its
/// address is on a local interface, as the kernel reports it (an address added and deleted with ip). The host has no
/// IPVS: the checkers' verdicts are logged (the table writes fail and are retried), which is all this needs.
/// </summary>
[Trait("Category", "Integration")]
public class HaSuspendCliTests
{
    private const string Vip = "192.0.2.10";
    private const string Suspended = $"Suspending healthcheckers for VS {Vip}:80/TCP: its address is not local (ha_suspend)";
    private const string Activated = $"Activating healthcheckers for VS {Vip}:80/TCP: its address is local";
    // Nothing listens on this port in the new namespace: once probed, the real server fails at once (retry 0).
    private const string Failed = "Disabling real server 127.0.0.1:8080";

    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task HaSuspend_AddressAddedThenDeleted_ChecksRunOnlyWhileItIsLocal()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ip", "iproute2");
        var ns = "lvsd-hs-" + Guid.NewGuid().ToString("N")[..6];
        var dir = Directory.CreateTempSubdirectory("lvsd-it-hasuspend-");
        await Shell.MustAsync("ip", "netns", "add", ns);
        try
        {
            await Shell.MustAsync("ip", "-n", ns, "link", "set", "lo", "up");
            var config = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(config, $$"""
                virtual_server {{Vip}} 80 {
                    protocol TCP
                    lb_algo rr
                    ha_suspend
                    delay_loop 1
                    real_server 127.0.0.1 8080 {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                }
                """);
            await using var director = DirectorProcess.Start(["-n", "-l", "-C", "-f", config], netns: ns);
            Assert.True(await director.WaitForOutputAsync("Started lvs-director", TimeSpan.FromSeconds(60)), director.Output);
            Assert.True(await director.WaitForOutputAsync(Suspended, Prompt), director.Output);

            // Suspended: three delay_loops (and the warm-up) pass without a probe.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.DoesNotContain(Failed, director.Output);
            Assert.DoesNotContain("Tcp 127.0.0.1:8080", director.Output); // no probe result of any kind

            await Shell.MustAsync("ip", "-n", ns, "addr", "add", $"{Vip}/32", "dev", "lo");
            Assert.True(await director.WaitForOutputAsync(Activated, Prompt), director.Output);
            Assert.True(await director.WaitForOutputAsync(Failed, Prompt), director.Output);

            await Shell.MustAsync("ip", "-n", ns, "addr", "del", $"{Vip}/32", "dev", "lo");
            var deadline = DateTime.UtcNow + Prompt;
            while (Regex.Count(director.Output, Regex.Escape(Suspended)) < 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.True(Regex.Count(director.Output, Regex.Escape(Suspended)) == 2, director.Output);
            Assert.False(director.HasExited, director.Output);
        }
        finally
        {
            await Shell.RunAsync("ip", ["netns", "del", ns]);
            dir.Delete(recursive: true);
        }
    }
}
