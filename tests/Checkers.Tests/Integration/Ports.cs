using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Checkers.Tests.Integration;

internal static class Ports
{
    /// <summary>A TCP port on loopback that was free a moment ago.</summary>
    public static int FreeTcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port on loopback that was free a moment ago (and nothing listens on it now).</summary>
    public static int FreeUdp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
