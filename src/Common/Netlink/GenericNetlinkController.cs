namespace LvsDirector.Common.Netlink;

/// <summary>The generic netlink controller "nlctrl" (include/uapi/linux/genetlink.h): resolves family names to ids.</summary>
internal static class GenericNetlinkController
{
    /// <summary>GENL_ID_CTRL: nlctrl's fixed message type.</summary>
    public const ushort FamilyId = 0x10;

    public const byte Version = 2;

    public const byte CommandGetFamily = 3;     // CTRL_CMD_GETFAMILY
    public const byte CommandNewFamily = 1;     // CTRL_CMD_NEWFAMILY (reply)

    public const ushort AttributeFamilyId = 1;   // CTRL_ATTR_FAMILY_ID, u16
    public const ushort AttributeFamilyName = 2; // CTRL_ATTR_FAMILY_NAME, NUL string
    public const ushort AttributeVersion = 3;    // CTRL_ATTR_VERSION, u32
    public const ushort AttributeHeaderSize = 4; // CTRL_ATTR_HDRSIZE, u32
    public const ushort AttributeMaxAttribute = 5; // CTRL_ATTR_MAXATTR, u32

    /// <summary>GENL_NAMSIZ: family names are at most 15 characters plus NUL.</summary>
    public const int MaxFamilyNameLength = 15;
}
