namespace LvsDirector.Common.Netlink;

/// <summary>
/// Sizes, alignment and limits of netlink framing (include/uapi/linux/netlink.h). Every length read
/// from the wire is checked against these before it is trusted.
/// </summary>
internal static class NetlinkProtocolConstants
{
    /// <summary>NLMSG_ALIGNTO and NLA_ALIGNTO: messages and attributes are padded to 4 bytes.</summary>
    public const int Alignment = 4;

    /// <summary>sizeof(struct nlmsghdr).</summary>
    public const int MessageHeaderSize = 16;

    /// <summary>sizeof(struct nlattr): u16 nla_len, u16 nla_type.</summary>
    public const int AttributeHeaderSize = 4;

    /// <summary>nla_len is a u16, so no attribute (header included) is longer than this.</summary>
    public const int MaxAttributeLength = ushort.MaxValue;

    /// <summary>NLA_F_NESTED: set on attributes that carry attributes.</summary>
    public const ushort AttributeNestedFlag = 0x8000;

    /// <summary>NLA_F_NET_BYTEORDER: set on attributes whose payload is big-endian.</summary>
    public const ushort AttributeNetByteOrderFlag = 0x4000;

    /// <summary>NLA_TYPE_MASK: the attribute type without the two flag bits.</summary>
    public const ushort AttributeTypeMask = 0x3FFF;

    /// <summary>sizeof(struct nlmsgerr) up to the echoed header: int error.</summary>
    public const int ErrorCodeSize = 4;

    /// <summary>Rounds <paramref name="length"/> up to the netlink alignment (NLMSG_ALIGN / NLA_ALIGN).</summary>
    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);
}
