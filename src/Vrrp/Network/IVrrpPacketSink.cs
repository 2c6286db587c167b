namespace LvsDirector.Vrrp.Network;

/// <summary>Where a receive socket hands what it read.</summary>
internal interface IVrrpPacketSink
{
    /// <summary>A whole IPv4 datagram, header included (raw IPv4 sockets deliver the header).</summary>
    void OnIpv4Datagram(string interfaceName, ReadOnlySpan<byte> datagram);

    /// <summary>An IPv6 payload with the header fields read from ancillary data (addresses: 16 bytes, network order).</summary>
    void OnIpv6Packet(string interfaceName, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int hopLimit);
}
