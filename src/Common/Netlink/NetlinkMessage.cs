namespace LvsDirector.Common.Netlink;

/// <summary>An owned copy of one received message: header and payload (family header + attributes).</summary>
internal readonly record struct NetlinkMessage(NetlinkMessageHeader Header, ReadOnlyMemory<byte> Payload);
