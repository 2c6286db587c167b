using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary>Identity of a real server (or sorry server) inside a service: address and port (0 for fwmark services without one).</summary>
public readonly record struct RealServerKey(IPAddress Address, int Port)
{
    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
