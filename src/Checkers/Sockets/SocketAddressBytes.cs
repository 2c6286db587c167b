using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// struct sockaddr_in / sockaddr_in6 (netinet/in.h) for an <see cref="IPEndPoint"/>, written into the caller's buffer:
/// a probe's connect and bind then allocate nothing (<see cref="IPEndPoint.Serialize"/> allocates its buffer).
/// </summary>
internal static class SocketAddressBytes
{
    /// <summary>sizeof(struct sockaddr_in6), the larger of the two.</summary>
    public const int MaxLength = 28;

    /// <summary>Writes <paramref name="endpoint"/> to <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns its length.</summary>
    public static int Write(IPEndPoint endpoint, Span<byte> destination)
    {
        destination = destination[..MaxLength];
        destination.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)endpoint.Port); // sin_port / sin6_port
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            MemoryMarshal.Write(destination, (ushort)SocketConstants.AF_INET6); // sa_family_t, host order
            // sin6_flowinfo (4..8) stays 0.
            endpoint.Address.TryWriteBytes(destination.Slice(8, 16), out _);
            MemoryMarshal.Write(destination[24..], (uint)endpoint.Address.ScopeId);
            return MaxLength;
        }
        MemoryMarshal.Write(destination, (ushort)SocketConstants.AF_INET);
        endpoint.Address.TryWriteBytes(destination.Slice(4, 4), out _);
        return 16;
    }
}
