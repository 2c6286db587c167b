using System.Buffers.Binary;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// Builds the Ethernet frame of a gratuitous ARP for a virtual IPv4 address (RFC 826 layout; RFC 5227 §3
/// "ARP announcement"), byte for byte as keepalived sends it: broadcast destination, sender and target
/// protocol address both the VIP, target hardware address all ones.
/// </summary>
public static class GratuitousArpFrame
{
    /// <summary>Ethernet header (14) + ARP for Ethernet/IPv4 (28).</summary>
    public const int Length = 42;

    public const int MacAddressLength = 6;
    private const ushort EtherTypeArp = 0x0806;
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort HardwareTypeEthernet = 1;

    /// <summary>Writes the frame; false if <paramref name="destination"/> is shorter than <see cref="Length"/> or the inputs have the wrong size.</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<byte> senderMac, ReadOnlySpan<byte> address, ArpOperation operation, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length || senderMac.Length != MacAddressLength || address.Length != 4)
            return false;
        var frame = destination[..Length];
        frame[..6].Fill(0xFF);
        senderMac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeArp);

        var arp = frame[14..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, HardwareTypeEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EtherTypeIpv4);
        arp[4] = MacAddressLength;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], (ushort)operation);
        senderMac.CopyTo(arp[8..]);
        address.CopyTo(arp[14..]);
        arp.Slice(18, 6).Fill(0xFF);
        address.CopyTo(arp[24..]);
        bytesWritten = Length;
        return true;
    }
}
