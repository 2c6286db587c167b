namespace LvsDirector.Common.Netlink;

/// <summary>Starts a generic netlink message: nlmsghdr (type = family id) followed by genlmsghdr.</summary>
internal static class GenericNetlinkWriterExtensions
{
    public static void BeginGenericMessage(this NetlinkAttributeWriter writer, ushort familyId, byte command, byte version, NetlinkMessageFlags flags = NetlinkMessageFlags.Request)
    {
        writer.BeginMessage(familyId, flags);
        Span<byte> header = stackalloc byte[GenericNetlinkHeader.Size];
        new GenericNetlinkHeader(command, version).Write(header);
        writer.WriteFamilyHeader(header);
    }
}
