namespace LvsDirector.Common.Netlink;

/// <summary>
/// The payload of an NLMSG_ERROR message (struct nlmsgerr): int error (0 = ACK, else a negative errno),
/// the echoed request header (and its payload unless NLM_F_CAPPED), then, with NLM_F_ACK_TLVS, the
/// extended-ACK attributes (NLMSGERR_ATTR_MSG 1: text, NLMSGERR_ATTR_OFFS 2: offset of the bad attribute).
/// </summary>
internal readonly record struct NetlinkErrorMessage(int Error, uint RequestSequence, string? Message, uint? BadAttributeOffset)
{
    private const ushort AttributeMessage = 1;
    private const ushort AttributeOffset = 2;

    /// <summary>True for an acknowledgement (error 0).</summary>
    public bool IsAck => Error == 0;

    /// <summary>The positive errno (0 for an ACK).</summary>
    public int Errno => Error == int.MinValue ? int.MaxValue : Math.Abs(Error);

    /// <summary>Parses an NLMSG_ERROR payload; false if it is too short to hold the error code. Never throws.</summary>
    public static bool TryRead(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, out NetlinkErrorMessage error)
    {
        error = default;
        if (payload.Length < NetlinkProtocolConstants.ErrorCodeSize) return false;
        int code = NetlinkByteOrder.ReadInt32(payload);
        var rest = payload[NetlinkProtocolConstants.ErrorCodeSize..];
        uint sequence = header.Sequence;
        string? message = null;
        uint? offset = null;
        if (NetlinkMessageHeader.TryRead(rest, out var echoed))
        {
            sequence = echoed.Sequence;
            int echoedLength = (header.Flags & NetlinkMessageFlags.Capped) != 0
                ? NetlinkMessageHeader.Size
                : (int)Math.Min(echoed.Length, (uint)rest.Length);
            echoedLength = Math.Max(echoedLength, NetlinkMessageHeader.Size);
            if ((header.Flags & NetlinkMessageFlags.AckTlvs) != 0 && echoedLength <= rest.Length)
            {
                var tlvStart = Math.Min(NetlinkProtocolConstants.Align(echoedLength), rest.Length);
                foreach (var attribute in new NetlinkAttributeReader(rest[tlvStart..]))
                {
                    if (attribute.Type == AttributeMessage) message = attribute.GetString();
                    else if (attribute.Type == AttributeOffset && attribute.TryGetUInt32(out var o)) offset = o;
                }
            }
        }
        error = new NetlinkErrorMessage(code, sequence, message, offset);
        return true;
    }
}
