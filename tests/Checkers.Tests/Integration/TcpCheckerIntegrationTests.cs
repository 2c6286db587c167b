using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class TcpCheckerIntegrationTests
{
    private static TcpCheckOptions Tcp(int port) => new() { ConnectPort = port, ConnectTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Probe_BindtoBindPortAndFwmark_TheServerSeesThatSourceAddressAndPort()
    {
        var python = Prerequisites.RequireCommand("python3", "python3");
        var port = Ports.FreeTcp();
        var peers = Path.Combine(Path.GetTempPath(), $"lvsc-peer-{Guid.NewGuid():N}");
        // The peer as accept(2) returns it: the check resets its connection as soon as it is up, and a server that
        // asked for the peer's address after accepting (socat's SOCAT_PEERADDR) could miss it (a CI run did).
        var listener = "import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
            + $"s.bind(('127.0.0.1', {port})); s.listen(16); f = open('{peers}', 'a', buffering=1)\n"
            + "while True:\n    c, a = s.accept(); f.write('%s:%d\\n' % a); c.close()\n";
        await using var server = ServerProcess.Start(python, "-c", listener);
        await server.WaitForTcpAsync(port, "python3 listener");
        var bindPort = Ports.FreeTcp();
        try
        {
            // 127.0.0.2 is a local address (127.0.0.0/8 on lo), not the one the kernel would pick.
            var result = await ProbeOnceAsync(Tcp(port) with { BindTo = IPAddress.Parse("127.0.0.2"), BindPort = bindPort, FirewallMark = 7, BindInterface = "lo" });

            Assert.True(result.Success, result.Reason);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            // The first line may be the harness's own connection (waiting for the listener), from 127.0.0.1.
            while (!File.Exists(peers) || !File.ReadAllLines(peers).Any(l => l.StartsWith("127.0.0.2:", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, "the listener recorded no connection from 127.0.0.2: " + (File.Exists(peers) ? File.ReadAllText(peers) : ""));
                await Task.Delay(50);
            }
            Assert.Equal($"127.0.0.2:{bindPort}", File.ReadAllLines(peers).Single(l => l.StartsWith("127.0.0.2:", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(peers);
        }
    }

    [Fact]
    public async Task Probe_Fwmark_SetOnTheCheckSocket()
    {
        // A mark never leaves the host, so it is read off our own socket: ss shows it while the connect waits
        // for a namespace that answers nothing.
        var ss = Prerequisites.RequireCommand("ss", "iproute2");
        await using var ns = await NetworkNamespace.CreateAsync();
        await ns.BlackholeRepliesAsync();

        var probe = ProbeOnceAsync(Tcp(80) with { FirewallMark = 0x2a, ConnectTimeout = TimeSpan.FromSeconds(5), Deadline = GenerousDeadline }, ns.NamespaceAddress);
        string sockets = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        while (!sockets.Contains("fwmark:0x2a", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            sockets = await Shell.RunAsync(ss, "-tanie", "dst", ns.NamespaceAddress.ToString());
            await Task.Delay(100);
        }
        await probe;

        Assert.Contains("fwmark:0x2a", sockets);
    }

    [Fact]
    public async Task Probe_NothingListening_FailsRefused()
    {
        AssertFails(await ProbeOnceAsync(Tcp(Ports.FreeTcp())), "refused");
    }

    [Fact]
    public async Task Probe_ServerThatNeverAnswers_FailsAtConnectTimeout()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await ns.BlackholeRepliesAsync();
        var started = DateTime.UtcNow;

        var result = await ProbeOnceAsync(Tcp(80) with { Deadline = GenerousDeadline }, ns.NamespaceAddress);

        AssertFails(result, "connect timeout");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(10));
    }
}
