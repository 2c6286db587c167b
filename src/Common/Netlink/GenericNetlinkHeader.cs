namespace LvsDirector.Common.Netlink;

/// <summary>struct genlmsghdr (include/uapi/linux/genetlink.h): u8 cmd, u8 version, u16 reserved — 4 bytes after the nlmsghdr.</summary>
internal readonly record struct GenericNetlinkHeader(byte Command, byte Version)
{
    public const int Size = 4;

    public static bool TryRead(ReadOnlySpan<byte> source, out GenericNetlinkHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }
        header = new GenericNetlinkHeader(source[0], source[1]);
        return true;
    }

    public int Write(Span<byte> destination)
    {
        destination[0] = Command;
        destination[1] = Version;
        destination[2] = 0;
        destination[3] = 0;
        return Size;
    }
}
