using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>PING_CHECK (ICMPv6 echo) and HTTP_GET against a real server on a 2001:db8:: address in a namespace.</summary>
[Trait("Category", "Integration")]
public class Ipv6CheckerIntegrationTests
{
    private static readonly PingCheckOptions Ping = new() { ConnectTimeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Ping_Ipv6AddressUpThenLinkDown_PassesThenFails()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await ns.EnableIpv6Async();

        var up = await ProbeOnceAsync(Ping, ns.NamespaceAddress6);
        await ns.SetLinkAsync(up: false);
        var down = await ProbeOnceAsync(Ping, ns.NamespaceAddress6);

        Assert.True(up.Success, up.Reason);
        Assert.False(down.Success, "a ping to a downed link succeeded: " + down.Reason);
    }

    [Fact]
    public async Task Ping_Ipv6AddressNobodyHas_Fails()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await ns.EnableIpv6Async();

        var result = await ProbeOnceAsync(Ping, IPAddress.Parse(ns.NamespaceAddress6!.ToString().Replace("::2", "::99", StringComparison.Ordinal)));

        Assert.False(result.Success, "a ping to an unused address succeeded: " + result.Reason);
    }

    [Fact]
    public async Task HttpGet_Ipv6ServerUpThenStopped_PassesThenFails()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await ns.EnableIpv6Async();
        using var www = new TempDirectory("lvsc-www6");
        await File.WriteAllTextAsync(www.File("ok.txt"), "ok over IPv6\n");
        var port = Ports.FreeTcp();
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Prerequisites.RequireCommand("python3", "python3");
        var check = new HttpGetCheckOptions
        {
            Urls = [new HttpUrlOptions { Path = "/ok.txt", Regex = "over IPv6" }],
            ConnectTimeout = TimeSpan.FromSeconds(2),
        };

        CheckResult up;
        await using (var server = ServerProcess.Start("ip", "netns", "exec", ns.Name, python, "-m", "http.server",
                         "--bind", ns.NamespaceAddress6!.ToString(), "--directory", www.Path, port.ToString()))
        {
            await WaitForTcpAsync(new IPEndPoint(ns.NamespaceAddress6, port));
            up = await ProbeOnceAsync(check, ns.NamespaceAddress6, port);
        }
        var down = await ProbeOnceAsync(check, ns.NamespaceAddress6, port);

        Assert.True(up.Success, up.Reason);
        AssertFails(down, "refused");
    }

    private static async Task WaitForTcpAsync(IPEndPoint endpoint)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var client = new TcpClient(AddressFamily.InterNetworkV6);
                await client.ConnectAsync(endpoint);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nothing listens on {endpoint} after 30 s");
    }
}
