namespace LvsDirector.Common.Netlink;

/// <summary>
/// Enumerates the messages of one netlink datagram (NLMSG_OK / NLMSG_NEXT). Never throws: a header
/// whose nlmsg_len is below 16 or beyond the datagram ends the enumeration and sets <see cref="IsMalformed"/>.
/// </summary>
internal ref struct NetlinkMessageReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;
    private NetlinkMessageView _current;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
        _current = default;
        IsMalformed = false;
    }

    /// <summary>True once a truncated or inconsistent message stopped the enumeration.</summary>
    public bool IsMalformed { get; private set; }

    public readonly NetlinkMessageView Current => _current;

    public readonly NetlinkMessageReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (IsMalformed || _offset >= _datagram.Length) return false;
        var rest = _datagram[_offset..];
        if (!NetlinkMessageHeader.TryRead(rest, out var header)
            || header.Length < NetlinkMessageHeader.Size
            || header.Length > (uint)rest.Length)
        {
            // Trailing bytes shorter than a header are padding only if they are all zero; anything else is malformed.
            IsMalformed = rest.IndexOfAnyExcept((byte)0) >= 0;
            _offset = _datagram.Length;
            return false;
        }
        int length = (int)header.Length;
        _current = new NetlinkMessageView(header, rest[NetlinkMessageHeader.Size..length], _offset);
        _offset += Math.Min(NetlinkProtocolConstants.Align(length), rest.Length);
        return true;
    }
}
