using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Network;

/// <summary>The address family byte that opens rtmsg, fib_rule_hdr and ifaddrmsg (AF_INET 2, AF_INET6 10).</summary>
internal static class RtnetlinkFamily
{
    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;

    /// <summary>The family and its address length (4 or 16); false for any other family.</summary>
    public static bool TryRead(byte family, out AddressFamily addressFamily, out int addressLength)
    {
        (addressFamily, addressLength) = family switch
        {
            AF_INET => (AddressFamily.InterNetwork, 4),
            AF_INET6 => (AddressFamily.InterNetworkV6, 16),
            _ => (AddressFamily.Unspecified, 0),
        };
        return addressLength != 0;
    }

    /// <summary>An address attribute of the expected length, or null.</summary>
    public static IPAddress? Address(ReadOnlySpan<byte> payload, int addressLength) =>
        payload.Length == addressLength ? new IPAddress(payload) : null;
}
