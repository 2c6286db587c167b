using System.Buffers.Binary;

namespace LvsDirector.Vrrp.Tests.Golden;

/// <summary>A minimal libpcap file reader: the frames of a classic (not pcapng) capture.</summary>
internal static class PcapFile
{
    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    public static IReadOnlyList<byte[]> ReadFrames(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < GlobalHeaderLength) throw new InvalidDataException($"{path}: not a pcap file");
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        bool little;
        if (magic is MagicMicroseconds or MagicNanoseconds) little = true;
        else if (BinaryPrimitives.ReadUInt32BigEndian(data) is MagicMicroseconds or MagicNanoseconds) little = false;
        else throw new InvalidDataException($"{path}: bad pcap magic 0x{magic:x8}");

        uint Read32(int offset) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

        var linkType = Read32(20);
        if (linkType != 1) throw new InvalidDataException($"{path}: link type {linkType}, expected Ethernet (1)");
        var frames = new List<byte[]>();
        var offset = GlobalHeaderLength;
        while (offset + RecordHeaderLength <= data.Length)
        {
            var captured = (int)Read32(offset + 8);
            offset += RecordHeaderLength;
            if (captured < 0 || offset + captured > data.Length) throw new InvalidDataException($"{path}: truncated record");
            frames.Add(data.AsSpan(offset, captured).ToArray());
            offset += captured;
        }
        return frames;
    }
}
