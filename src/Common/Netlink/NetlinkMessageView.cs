namespace LvsDirector.Common.Netlink;

/// <summary>One message inside a received datagram: its header and payload (family header + attributes), unpadded.</summary>
internal readonly ref struct NetlinkMessageView
{
    public NetlinkMessageView(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, int offset)
    {
        Header = header;
        Payload = payload;
        Offset = offset;
    }

    public NetlinkMessageHeader Header { get; }

    /// <summary>The bytes after the 16-byte header, up to nlmsg_len.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Where the message (its header) starts in the datagram.</summary>
    public int Offset { get; }
}
