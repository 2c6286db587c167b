using LvsDirector.Integration.Tests.Support;

namespace LvsDirector.Integration.Tests.Cli;

/// <summary>Signals as an operator's tools deliver them to the real binary.</summary>
[Trait("Category", "Integration")]
public class SignalCliTests
{
    [Fact]
    public async Task Sighup_StartedUnderNohup_StillReloads()
    {
        // nohup (and some supervisors) start the daemon with SIGHUP ignored; keepalived reloads anyway, so must we.
        var dir = Directory.CreateTempSubdirectory("lvsd-it-hup-");
        try
        {
            var config = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(config, "global_defs {\n router_id nohup_test\n}\n");
            await using var director = DirectorProcess.Start(["-n", "-l", "-P", "-f", config], sighupIgnored: true);
            Assert.True(await director.WaitForOutputAsync("Started lvs-director", TimeSpan.FromSeconds(60)), director.Output);

            director.Signal(1);

            Assert.True(await director.WaitForOutputAsync("Reload done", TimeSpan.FromSeconds(30)), director.Output);
            Assert.False(director.HasExited, director.Output);
            Assert.Equal(0, await director.StopAsync());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
