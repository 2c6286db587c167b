namespace LvsDirector.Common.Netlink;

/// <summary>
/// Enumerates the attributes in a span (nla_for_each_attr). Never throws on malformed input: an attribute
/// whose nla_len is below 4 or runs past the span ends the enumeration and sets <see cref="IsMalformed"/>.
/// Use as <c>foreach (var attribute in new NetlinkAttributeReader(payload))</c>.
/// </summary>
internal ref struct NetlinkAttributeReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _offset;
    private NetlinkAttribute _current;

    public NetlinkAttributeReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _offset = 0;
        _current = default;
        IsMalformed = false;
    }

    /// <summary>True once a truncated or inconsistent attribute stopped the enumeration.</summary>
    public bool IsMalformed { get; private set; }

    public readonly NetlinkAttribute Current => _current;

    public readonly NetlinkAttributeReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (IsMalformed || _offset >= _source.Length) return false;
        var rest = _source[_offset..];
        if (rest.Length < NetlinkProtocolConstants.AttributeHeaderSize)
        {
            IsMalformed = true;
            return false;
        }
        int length = NetlinkByteOrder.ReadUInt16(rest);
        ushort type = NetlinkByteOrder.ReadUInt16(rest[2..]);
        if (length < NetlinkProtocolConstants.AttributeHeaderSize || length > rest.Length)
        {
            IsMalformed = true;
            return false;
        }
        _current = new NetlinkAttribute(type, rest[NetlinkProtocolConstants.AttributeHeaderSize..length]);
        _offset += Math.Min(NetlinkProtocolConstants.Align(length), rest.Length);
        return true;
    }

    /// <summary>Finds the first attribute of <paramref name="type"/> (flags masked). False if absent or the span is malformed before it.</summary>
    public static bool TryFind(ReadOnlySpan<byte> source, ushort type, out NetlinkAttribute attribute)
    {
        foreach (var candidate in new NetlinkAttributeReader(source))
        {
            if (candidate.Type == type)
            {
                attribute = candidate;
                return true;
            }
        }
        attribute = default;
        return false;
    }
}
