using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class SmtpCheckerIntegrationTests
{
    private static SmtpCheckOptions Smtp(int port) => new() { ConnectPort = port, ConnectTimeout = TimeSpan.FromSeconds(1), HeloName = "lb.test" };

    private static async Task<ServerProcess> StartAiosmtpdAsync(int port)
    {
        const string python = "/usr/bin/python3";
        try
        {
            await Shell.RunAsync(python, "-c", "import aiosmtpd");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new PrerequisiteMissingException("needs python3-aiosmtpd: apt-get install -y --no-install-recommends python3-aiosmtpd");
        }
        var server = ServerProcess.Start(python, "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}");
        await server.WaitForTcpAsync(port, "aiosmtpd");
        return server;
    }

    private static async Task<ServerProcess> StartSocatAsync(int port, string command)
    {
        var socat = Prerequisites.RequireCommand("socat", "socat");
        var server = ServerProcess.Start(socat, $"TCP4-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:" + command);
        await server.WaitForTcpAsync(port, "socat");
        return server;
    }

    [Fact]
    public async Task Probe_Aiosmtpd_GreetingHeloQuitPass()
    {
        var port = Ports.FreeTcp();
        await using var server = await StartAiosmtpdAsync(port);

        var result = await ProbeOnceAsync(Smtp(port));

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_HostBlocksOneDead_Fails()
    {
        var port = Ports.FreeTcp();
        await using var server = await StartAiosmtpdAsync(port);
        var dead = Ports.FreeTcp();
        var check = Smtp(port) with
        {
            Hosts = [new SmtpHostOptions { ConnectIp = IPAddress.Loopback, ConnectPort = port }, new SmtpHostOptions { ConnectIp = IPAddress.Loopback, ConnectPort = dead }],
        };

        AssertFails(await ProbeOnceAsync(check), $":{dead}");
    }

    [Fact]
    public async Task Probe_Greeting554_Fails()
    {
        var port = Ports.FreeTcp();
        await using var server = await StartSocatAsync(port, "echo 554 no SMTP service here");

        AssertFails(await ProbeOnceAsync(Smtp(port)), "bad greeting");
    }

    [Fact]
    public async Task Probe_SilentServer_FailsAtGreetingTimeout()
    {
        var port = Ports.FreeTcp();
        await using var server = await StartSocatAsync(port, "sleep 30");

        AssertFails(await ProbeOnceAsync(Smtp(port) with { Deadline = GenerousDeadline }), "timeout");
    }

    [Fact]
    public async Task Probe_NothingListening_FailsRefused()
    {
        AssertFails(await ProbeOnceAsync(Smtp(Ports.FreeTcp())), "refused");
    }

    [Fact]
    public async Task Probe_ServerFlaps_PassFailPass()
    {
        var port = Ports.FreeTcp();
        var server = await StartAiosmtpdAsync(port);
        var up = await ProbeOnceAsync(Smtp(port));
        await server.DisposeAsync();
        var down = await ProbeOnceAsync(Smtp(port));
        await using var again = await StartAiosmtpdAsync(port);
        var back = await ProbeOnceAsync(Smtp(port));

        Assert.True(up.Success, up.Reason);
        AssertFails(down, "refused");
        Assert.True(back.Success, back.Reason);
    }

    [Fact]
    public async Task Probe_HeloName_TheServerReceivesIt()
    {
        var port = Ports.FreeTcp();
        var said = Path.Combine(Path.GetTempPath(), $"lvsc-helo-{Guid.NewGuid():N}");
        // A script file: socat's address syntax would take the shell command's quotes and backslashes for its own.
        var smtp = said + ".sh";
        File.WriteAllText(smtp, $"#!/bin/sh\nprintf '220 test ESMTP\\r\\n'\nread helo\necho \"$helo\" >> {said}\nprintf '250 ok\\r\\n'\nread quit\nprintf '221 bye\\r\\n'\n");
        File.SetUnixFileMode(smtp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var server = await StartSocatAsync(port, smtp);

            var result = await ProbeOnceAsync(Smtp(port) with { HeloName = "director.example" });

            Assert.True(result.Success, result.Reason);
            // Lines other than the probe's are the harness's connection (waiting for socat to listen), which says nothing.
            Assert.Equal(["HELO director.example"], File.ReadAllLines(said).Select(l => l.Trim()).Where(l => l.Length > 0));
        }
        finally
        {
            File.Delete(said);
            File.Delete(smtp);
        }
    }

    [Fact]
    public async Task Probe_HostBlockWithItsOwnConnectTimeout_SilentHostFailsAtThatTimeout()
    {
        var good = Ports.FreeTcp();
        await using var server = await StartAiosmtpdAsync(good);
        var silentPort = Ports.FreeTcp();
        await using var silent = await StartSocatAsync(silentPort, "sleep 30");
        var check = Smtp(good) with
        {
            ConnectTimeout = TimeSpan.FromSeconds(20), // the check's own: the silent host must not wait this long
            Hosts =
            [
                new SmtpHostOptions { ConnectIp = IPAddress.Loopback, ConnectPort = good },
                new SmtpHostOptions { ConnectIp = IPAddress.Loopback, ConnectPort = silentPort, ConnectTimeout = TimeSpan.FromSeconds(1) },
            ],
        };
        var started = DateTime.UtcNow;

        var result = await ProbeOnceAsync(check);

        AssertFails(result, $":{silentPort}");
        Assert.Contains("timeout", result.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
    }
}
