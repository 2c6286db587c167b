using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Fakes;

/// <summary>Builds kernel-style reply messages for fakes.</summary>
internal static class NetlinkReplies
{
    /// <summary>Splits a datagram into (header, payload) pairs.</summary>
    public static List<(NetlinkMessageHeader Header, byte[] Payload)> Split(byte[] datagram)
    {
        var list = new List<(NetlinkMessageHeader, byte[])>();
        foreach (var m in new NetlinkMessageReader(datagram)) list.Add((m.Header, m.Payload.ToArray()));
        return list;
    }

    /// <summary>An NLMSG_ERROR answering <paramref name="request"/> (0 = ACK), capped (header only), with optional ext-ack text.</summary>
    public static byte[] Error(NetlinkMessageHeader request, int error, uint portId, string? text = null)
    {
        var w = new NetlinkAttributeWriter();
        var flags = NetlinkMessageFlags.Capped | (text is null ? 0 : NetlinkMessageFlags.AckTlvs);
        w.BeginMessage(NetlinkMessageType.Error, flags, request.Sequence, portId);
        Span<byte> body = stackalloc byte[4 + NetlinkMessageHeader.Size];
        NetlinkByteOrder.WriteUInt32(body, unchecked((uint)error));
        request.Write(body[4..]);
        w.WriteFamilyHeader(body);
        if (text is not null) w.WriteString(1, text);
        w.EndMessage();
        return w.ToArray();
    }

    public static byte[] Done(uint sequence, uint portId, int error = 0)
    {
        var w = new NetlinkAttributeWriter();
        w.BeginMessage(NetlinkMessageType.Done, NetlinkMessageFlags.Multi, sequence, portId);
        Span<byte> body = stackalloc byte[4];
        NetlinkByteOrder.WriteUInt32(body, unchecked((uint)error));
        w.WriteFamilyHeader(body);
        w.EndMessage();
        return w.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
