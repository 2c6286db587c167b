using System.Buffers.Binary;
using System.Text;

namespace LvsDirector.Common.Netlink;

/// <summary>
/// Builds one or more netlink messages into a growable buffer (several messages back to back make a
/// batch for one send). Usage: <see cref="BeginMessage"/>, optional <see cref="WriteFamilyHeader"/>,
/// attributes (nested ones between <see cref="BeginNested"/> and <see cref="EndNested"/>), <see cref="EndMessage"/>,
/// which fixes nlmsg_len. Attributes and messages are padded to 4 bytes with zeros (NLA_ALIGN, NLMSG_ALIGN).
/// Misuse (an attribute outside a message, a payload over 65531 bytes) throws: this is our own output, not network input.
/// </summary>
internal sealed class NetlinkAttributeWriter
{
    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;
    private int _openNests;

    public NetlinkAttributeWriter(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(initialCapacity, NetlinkMessageHeader.Size)];
    }

    /// <summary>Bytes written so far (complete messages plus the open one).</summary>
    public int Length => _length;

    /// <summary>Number of messages ended with <see cref="EndMessage"/> since the last <see cref="Clear"/>.</summary>
    public int MessageCount { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Clear()
    {
        _length = 0;
        _messageStart = -1;
        _openNests = 0;
        MessageCount = 0;
    }

    /// <summary>Starts a message; the length is fixed by <see cref="EndMessage"/>.</summary>
    public void BeginMessage(ushort type, NetlinkMessageFlags flags, uint sequence = 0, uint portId = 0)
    {
        if (_messageStart >= 0) throw new InvalidOperationException("the previous netlink message was not ended");
        _messageStart = _length;
        var span = Reserve(NetlinkMessageHeader.Size);
        new NetlinkMessageHeader(0, type, flags, sequence, portId).Write(span);
    }

    /// <summary>Writes the family header (genlmsghdr, ifaddrmsg …) right after the nlmsghdr, padded to 4 bytes.</summary>
    public void WriteFamilyHeader(ReadOnlySpan<byte> header)
    {
        EnsureInMessage();
        header.CopyTo(Reserve(NetlinkProtocolConstants.Align(header.Length)));
    }

    /// <summary>Ends the open message: sets nlmsg_len.</summary>
    public void EndMessage()
    {
        EnsureInMessage();
        if (_openNests != 0) throw new InvalidOperationException("a nested netlink attribute was not ended");
        NetlinkByteOrder.WriteUInt32(_buffer.AsSpan(_messageStart), (uint)(_length - _messageStart));
        _messageStart = -1;
        MessageCount++;
    }

    public void WriteUInt8(ushort type, byte value) => WriteAttributeHeader(type, 1)[0] = value;

    public void WriteUInt16(ushort type, ushort value) => NetlinkByteOrder.WriteUInt16(WriteAttributeHeader(type, 2), value);

    public void WriteUInt32(ushort type, uint value) => NetlinkByteOrder.WriteUInt32(WriteAttributeHeader(type, 4), value);

    public void WriteInt32(ushort type, int value) => WriteUInt32(type, unchecked((uint)value));

    public void WriteUInt64(ushort type, ulong value) => NetlinkByteOrder.WriteUInt64(WriteAttributeHeader(type, 8), value);

    /// <summary>A big-endian u16 (nla_put_be16: ports).</summary>
    public void WriteBigEndianUInt16(ushort type, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(WriteAttributeHeader(type, 2), value);

    /// <summary>A big-endian u32 (nla_put_be32: IPv4 addresses and masks).</summary>
    public void WriteBigEndianUInt32(ushort type, uint value) => BinaryPrimitives.WriteUInt32BigEndian(WriteAttributeHeader(type, 4), value);

    /// <summary>A NUL-terminated UTF-8 string (NLA_NUL_STRING; NLA_STRING accepts it too).</summary>
    public void WriteString(ushort type, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        var payload = WriteAttributeHeader(type, count + 1);
        Encoding.UTF8.GetBytes(value, payload);
        payload[count] = 0;
    }

    public void WriteBytes(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(WriteAttributeHeader(type, value.Length));

    /// <summary>A zero-length attribute (NLA_FLAG).</summary>
    public void WriteFlag(ushort type) => WriteAttributeHeader(type, 0);

    /// <summary>Opens a nested attribute; pass the returned token to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type, bool setNestedFlag = true)
    {
        var start = _length;
        WriteAttributeHeader((ushort)(setNestedFlag ? type | NetlinkProtocolConstants.AttributeNestedFlag : type), 0);
        _openNests++;
        return start;
    }

    /// <summary>Closes a nested attribute: fixes its nla_len to cover everything written since.</summary>
    public void EndNested(int token)
    {
        EnsureInMessage();
        if (_openNests == 0 || token < _messageStart || token >= _length) throw new InvalidOperationException("no such nested netlink attribute is open");
        var length = _length - token;
        if (length > NetlinkProtocolConstants.MaxAttributeLength) throw new InvalidOperationException("nested netlink attribute longer than 65535 bytes");
        NetlinkByteOrder.WriteUInt16(_buffer.AsSpan(token), (ushort)length);
        _openNests--;
    }

    private Span<byte> WriteAttributeHeader(ushort type, int payloadLength)
    {
        EnsureInMessage();
        var length = NetlinkProtocolConstants.AttributeHeaderSize + payloadLength;
        if (length > NetlinkProtocolConstants.MaxAttributeLength) throw new ArgumentOutOfRangeException(nameof(payloadLength), "netlink attribute longer than 65535 bytes");
        var span = Reserve(NetlinkProtocolConstants.Align(length));
        NetlinkByteOrder.WriteUInt16(span, (ushort)length);
        NetlinkByteOrder.WriteUInt16(span[2..], type);
        return span.Slice(NetlinkProtocolConstants.AttributeHeaderSize, payloadLength);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }

    private void EnsureInMessage()
    {
        if (_messageStart < 0) throw new InvalidOperationException("no netlink message is open: call BeginMessage first");
    }
}
