using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Tests.Checks;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>
/// A probe ends its connection with a reset (SO_LINGER 0, as HAProxy's health checks): the real server's side sees
/// ECONNRESET, not an orderly end of stream, and no socket of the probe is left on the director's side (no
/// FIN_WAIT / TIME_WAIT per probe).
/// </summary>
[Trait("Category", "Integration")]
public class AbortiveCloseIntegrationTests
{
    [Fact]
    public async Task TcpCheck_PassesAndResetsTheConnection_NoSocketLeftBehind()
    {
        using var listener = LoopbackTcpPeer.Listen(out var target);
        var port = target.Port;

        var result = await ProbeOnceAsync(new TcpCheckOptions { ConnectPort = port, ConnectTimeout = TimeSpan.FromSeconds(2), Deadline = GenerousDeadline });

        Assert.True(result.Success, result.Reason);
        using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await LoopbackTcpPeer.AssertResetAsync(accepted);
        await AssertNoSocketToAsync(port);
    }

    [Fact]
    public async Task HttpGet_PassesAndResetsTheConnectionAfterTheResponse_NoSocketLeftBehind()
    {
        // One response, then the server waits for the checker's end of the connection (it never closes first).
        using var server = new LoopbackHttpServer(awaitClientClose: true);
        server.Answer(LoopbackHttpServer.Status(200));
        var check = new HttpGetCheckOptions
        {
            Urls = new[] { new HttpUrlOptions { Path = "/" } }.ToEquatableList(),
            ConnectPort = server.EndPoint.Port,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            Deadline = GenerousDeadline,
        };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
        Assert.Equal("reset", await server.ClientEnds.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        await AssertNoSocketToAsync(server.EndPoint.Port);
    }

    // No socket with the listener's port as its destination: the probe's side is gone, not in FIN_WAIT or TIME_WAIT.
    private static async Task AssertNoSocketToAsync(int port)
    {
        var ss = Prerequisites.RequireCommand("ss", "iproute2");
        using var process = Process.Start(new ProcessStartInfo(ss, ["-Htan", $"dport = :{port}"]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(output.Trim().Length == 0, $"sockets left towards port {port}:\n{output}");
    }
}
