using LvsDirector.Common.Interop;

namespace LvsDirector.Common.Netlink;

/// <summary>A resolved generic netlink family: its dynamic id and version as reported by nlctrl.</summary>
internal sealed record GenericNetlinkFamily(string Name, ushort Id, uint Version)
{
    /// <summary>Builds the CTRL_CMD_GETFAMILY request for <paramref name="name"/>.</summary>
    public static byte[] EncodeGetFamilyRequest(string name)
    {
        var writer = new NetlinkAttributeWriter(64);
        writer.BeginGenericMessage(GenericNetlinkController.FamilyId, GenericNetlinkController.CommandGetFamily, GenericNetlinkController.Version);
        writer.WriteString(GenericNetlinkController.AttributeFamilyName, name);
        writer.EndMessage();
        return writer.ToArray();
    }

    /// <summary>Reads nlctrl's CTRL_CMD_NEWFAMILY reply payload (genlmsghdr + attributes). Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out GenericNetlinkFamily? family)
    {
        family = null;
        if (!GenericNetlinkHeader.TryRead(payload, out _)) return false;
        ushort? id = null;
        string? name = null;
        uint version = 0;
        foreach (var attribute in new NetlinkAttributeReader(payload[GenericNetlinkHeader.Size..]))
        {
            switch (attribute.Type)
            {
                case GenericNetlinkController.AttributeFamilyId when attribute.TryGetUInt16(out var value):
                    id = value;
                    break;
                case GenericNetlinkController.AttributeFamilyName:
                    name = attribute.GetString();
                    break;
                case GenericNetlinkController.AttributeVersion when attribute.TryGetUInt32(out var v):
                    version = v;
                    break;
            }
        }
        if (id is null || name is null) return false;
        family = new GenericNetlinkFamily(name, id.Value, version);
        return true;
    }

    /// <summary>
    /// Asks nlctrl for the family <paramref name="name"/>. ENOENT means the family is not registered
    /// (for IPVS: the ip_vs module is not loaded or the kernel lacks CONFIG_IP_VS).
    /// </summary>
    public static async Task<GenericNetlinkFamily> ResolveAsync(NetlinkConnection connection, string name, CancellationToken cancellationToken)
    {
        var operation = $"resolve generic netlink family {name}";
        var reply = await connection.RequestAsync(EncodeGetFamilyRequest(name), operation, cancellationToken).ConfigureAwait(false);
        if (!TryDecode(reply.Payload.Span, out var family))
            throw new NetlinkException(Errno.EBADMSG, operation + " (reply without a family id)");
        return family!;
    }
}
