namespace LvsDirector.Common.Netlink;

/// <summary>
/// struct nlmsghdr (include/uapi/linux/netlink.h): u32 nlmsg_len (header included), u16 nlmsg_type,
/// u16 nlmsg_flags, u32 nlmsg_seq, u32 nlmsg_pid — 16 bytes, every field in native byte order
/// (little-endian on our hosts).
/// </summary>
internal readonly record struct NetlinkMessageHeader(uint Length, ushort Type, NetlinkMessageFlags Flags, uint Sequence, uint PortId)
{
    public const int Size = NetlinkProtocolConstants.MessageHeaderSize;

    /// <summary>Reads a header; false when fewer than 16 bytes are given. Does not validate <see cref="Length"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out NetlinkMessageHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }
        header = new NetlinkMessageHeader(
            NetlinkByteOrder.ReadUInt32(source),
            NetlinkByteOrder.ReadUInt16(source[4..]),
            (NetlinkMessageFlags)NetlinkByteOrder.ReadUInt16(source[6..]),
            NetlinkByteOrder.ReadUInt32(source[8..]),
            NetlinkByteOrder.ReadUInt32(source[12..]));
        return true;
    }

    /// <summary>Writes the 16 header bytes; returns 16.</summary>
    public int Write(Span<byte> destination)
    {
        NetlinkByteOrder.WriteUInt32(destination, Length);
        NetlinkByteOrder.WriteUInt16(destination[4..], Type);
        NetlinkByteOrder.WriteUInt16(destination[6..], (ushort)Flags);
        NetlinkByteOrder.WriteUInt32(destination[8..], Sequence);
        NetlinkByteOrder.WriteUInt32(destination[12..], PortId);
        return Size;
    }
}
