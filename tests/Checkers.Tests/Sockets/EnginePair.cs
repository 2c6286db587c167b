using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Tests.Sockets;

/// <summary>A connection through the checkers' engine to a loopback listener, and the accepted peer.</summary>
internal sealed class EnginePair : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public CheckConnection Connection { get; } = new(CheckConnection.Open(AddressFamily.InterNetwork));
    public Socket Peer { get; private set; } = null!;

    public static async Task<EnginePair> ConnectAsync()
    {
        var pair = new EnginePair();
        pair._listener.Start();
        await pair.Connection.ConnectAsync((IPEndPoint)pair._listener.LocalEndpoint, CancellationToken.None).AsTask().WaitAsync(Patience);
        pair.Peer = await pair._listener.AcceptSocketAsync().WaitAsync(Patience);
        return pair;
    }

    public void Dispose()
    {
        Connection.Dispose();
        Peer?.Dispose();
        _listener.Dispose();
    }
}
