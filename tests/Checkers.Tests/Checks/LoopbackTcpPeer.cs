using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Checkers.Tests.Checks;

/// <summary>The server side of a checker's TCP connection in tests: a loopback listener of its own, and how the checker ended a connection.</summary>
internal static class LoopbackTcpPeer
{
    /// <summary>A loopback listener on a port of its own (the probes' sockets towards it are then only this test's).</summary>
    public static Socket Listen(out IPEndPoint target)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // Below the ephemeral range (Ports): a test that closes and binds this port again must not find it taken by an
        // outgoing connection meanwhile (a CI run's rebind failed with EADDRINUSE when the port had been ephemeral).
        listener.Bind(new IPEndPoint(IPAddress.Loopback, Integration.Ports.FreeTcp()));
        listener.Listen(8);
        target = (IPEndPoint)listener.LocalEndPoint!;
        return listener;
    }

    /// <summary>The server's next read of the probe's connection: a reset (ECONNRESET), where a graceful close would read 0 bytes.</summary>
    public static async Task AssertResetAsync(Socket accepted)
    {
        var buffer = new byte[64];
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            var n = await accepted.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            throw new Xunit.Sdk.XunitException($"the server read {n} bytes (0: an orderly close) where the checker should have reset the connection");
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }
}
