using System.Buffers.Binary;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>The 16-bit one's complement Internet checksum (RFC 1071), accumulated over several spans.</summary>
internal struct InternetChecksum
{
    private ulong _sum;
    private bool _odd;
    private byte _pending;

    /// <summary>Adds bytes as if they followed the previous ones in one buffer.</summary>
    public void Add(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_odd)
        {
            _sum += (uint)((_pending << 8) | data[0]);
            data = data[1..];
            _odd = false;
        }
        while (data.Length >= 2)
        {
            _sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }
        if (data.Length == 1)
        {
            _pending = data[0];
            _odd = true;
        }
    }

    public void AddUInt16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        Add(b);
    }

    public void AddUInt32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        Add(b);
    }

    /// <summary>The checksum to put on the wire (the complement of the folded sum).</summary>
    public readonly ushort Finish()
    {
        var sum = _sum;
        if (_odd) sum += (uint)(_pending << 8);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        var c = new InternetChecksum();
        c.Add(data);
        return c.Finish();
    }
}
