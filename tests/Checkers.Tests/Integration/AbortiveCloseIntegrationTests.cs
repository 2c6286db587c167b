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
        using var listener = Listen(out var port);

        var result = await ProbeOnceAsync(new TcpCheckOptions { ConnectPort = port, ConnectTimeout = TimeSpan.FromSeconds(2), Deadline = GenerousDeadline });

        Assert.True(result.Success, result.Reason);
        using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await AssertResetAsync(accepted);
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

    // A loopback listener on a port of its own (the probes' sockets towards it are then only this test's).
    private static Socket Listen(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    // The server's next read of the probe's connection: a reset (ECONNRESET), where a graceful close would read 0 bytes.
    private static async Task AssertResetAsync(Socket accepted)
    {
        var buffer = new byte[64];
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            var n = await accepted.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            throw new Xunit.Sdk.XunitException($"the server read {n} bytes (0: an orderly close) where the checker should have reset the connection");
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
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
