using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>
/// Ports for the servers the tests start. They come from below the kernel's ephemeral range (32768–60999 by default),
/// where no outgoing connection of a parallel test can take one between the moment it is picked and the moment the
/// server binds it, and each is free on TCP and UDP alike (dnsmasq binds both) and handed out once per process.
/// </summary>
internal static class Ports
{
    private const int First = 20000;
    private const int Last = 32000;

    private static readonly object Gate = new();
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A TCP port on loopback that was free a moment ago (on UDP too).</summary>
    public static int FreeTcp() => Free();

    /// <summary>A UDP port on loopback that was free a moment ago (on TCP too), and nothing listens on it now.</summary>
    public static int FreeUdp() => Free();

    private static int Free()
    {
        lock (Gate)
        {
            for (var tries = 0; tries < Last - First; tries++)
            {
                var port = _next;
                _next = _next >= Last ? First : _next + 1;
                if (IsFree(port)) return port;
            }
        }
        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return IsFreeOnIpv6Loopback(port);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The IPv6 tests listen on ::1; a host without IPv6 still gets ports for everything else.
    private static bool IsFreeOnIpv6Loopback(int port)
    {
        try
        {
            using var tcp6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            tcp6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
            return true;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode != SocketError.AddressAlreadyInUse;
        }
    }
}
