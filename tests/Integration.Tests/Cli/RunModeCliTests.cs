using LvsDirector.Integration.Tests.Support;

namespace LvsDirector.Integration.Tests.Cli;

/// <summary>The daemon's start as an operator runs it (<c>-n -l</c>): what it does with a configuration it cannot run.</summary>
[Trait("Category", "Integration")]
public class RunModeCliTests
{
    [Fact]
    public async Task Run_FatalConfiguration_ReportsItAndStopsBeforeStarting()
    {
        // The load runs beside the logging set-up since session 7: its diagnostics must still be logged, and a
        // fatal one must still stop the daemon before any part starts (no IPVS is needed to get this far).
        var dir = Directory.CreateTempSubdirectory("lvsd-it-run-");
        try
        {
            var config = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(config, """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lb_algo rr
                    real_server 198.51.100.1 80 {
                    }
                }
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lb_algo wrr
                }
                """);

            var r = await DirectorProcess.RunAsync("-n", "-l", "-C", "-D", "-f", config);

            var output = r.Stdout + r.Stderr;
            Assert.True(r.ExitCode == 1, output);
            Assert.Contains("virtual_server 192.0.2.10:80/TCP is defined twice", output);
            Assert.Contains($"Configuration {config} cannot run: stopping", output);
            Assert.Contains($"Configuration {config} loaded in", output);
            Assert.DoesNotContain("Started lvs-director", output);
            Assert.DoesNotContain("Start: LVS table composed", output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_MissingConfiguration_ReportsItAndStops()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"lvsd-it-missing-{Guid.NewGuid():N}.conf");

        var r = await DirectorProcess.RunAsync("-n", "-l", "-C", "-f", missing);

        var output = r.Stdout + r.Stderr;
        Assert.True(r.ExitCode == 1, output);
        Assert.Contains($"Configuration file '{missing}' does not exist", output);
        Assert.DoesNotContain("Started lvs-director", output);
    }
}
