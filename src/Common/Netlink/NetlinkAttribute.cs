using System.Buffers.Binary;
using System.Text;

namespace LvsDirector.Common.Netlink;

/// <summary>
/// One attribute (struct nlattr + payload) seen by <see cref="NetlinkAttributeReader"/>. The typed getters are
/// Try-forms: a payload shorter than the type needs returns false instead of throwing (the kernel's nla_get_*
/// accept longer payloads, so do we).
/// </summary>
internal readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        RawType = rawType;
        Payload = payload;
    }

    /// <summary>nla_type as sent, flag bits included.</summary>
    public ushort RawType { get; }

    /// <summary>The attribute type with NLA_F_NESTED and NLA_F_NET_BYTEORDER masked off.</summary>
    public ushort Type => (ushort)(RawType & NetlinkProtocolConstants.AttributeTypeMask);

    public bool IsNestedFlagSet => (RawType & NetlinkProtocolConstants.AttributeNestedFlag) != 0;

    /// <summary>The payload without padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The attributes nested in this one (whether or not NLA_F_NESTED is set; old kernels omit it).</summary>
    public NetlinkAttributeReader Nested => new(Payload);

    public bool TryGetUInt8(out byte value)
    {
        value = Payload.Length >= 1 ? Payload[0] : (byte)0;
        return Payload.Length >= 1;
    }

    public bool TryGetUInt16(out ushort value)
    {
        value = Payload.Length >= 2 ? NetlinkByteOrder.ReadUInt16(Payload) : (ushort)0;
        return Payload.Length >= 2;
    }

    public bool TryGetUInt32(out uint value)
    {
        value = Payload.Length >= 4 ? NetlinkByteOrder.ReadUInt32(Payload) : 0;
        return Payload.Length >= 4;
    }

    public bool TryGetInt32(out int value)
    {
        var ok = TryGetUInt32(out var raw);
        value = unchecked((int)raw);
        return ok;
    }

    public bool TryGetUInt64(out ulong value)
    {
        value = Payload.Length >= 8 ? NetlinkByteOrder.ReadUInt64(Payload) : 0;
        return Payload.Length >= 8;
    }

    /// <summary>A big-endian u16 (nla_get_be16: ports).</summary>
    public bool TryGetBigEndianUInt16(out ushort value)
    {
        value = Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : (ushort)0;
        return Payload.Length >= 2;
    }

    /// <summary>A big-endian u32 (nla_get_be32: IPv4 masks and addresses).</summary>
    public bool TryGetBigEndianUInt32(out uint value)
    {
        value = Payload.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Payload) : 0;
        return Payload.Length >= 4;
    }

    /// <summary>A string up to the first NUL (NLA_NUL_STRING or NLA_STRING), decoded as UTF-8. Never fails.</summary>
    public string GetString()
    {
        var end = Payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? Payload[..end] : Payload);
    }
}
