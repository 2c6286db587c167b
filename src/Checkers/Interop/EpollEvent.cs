using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

/// <summary>
/// struct epoll_event (sys/epoll.h): a 32-bit event mask, then 64 bits of user data. x86-64 declares it
/// __attribute__((packed)) (12 bytes, data at offset 4); other architectures align the data (16 bytes, offset 8).
/// Native byte order: this is a kernel struct, not a wire format.
/// </summary>
internal static class EpollEvent
{
    public static readonly int Size = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = Size == 12 ? 4 : 8;

    public static void Write(Span<byte> destination, uint events, ulong data)
    {
        destination[..Size].Clear();
        MemoryMarshal.Write(destination, in events);
        MemoryMarshal.Write(destination[DataOffset..], in data);
    }

    public static (uint Events, ulong Data) Read(ReadOnlySpan<byte> source) =>
        (MemoryMarshal.Read<uint>(source), MemoryMarshal.Read<ulong>(source[DataOffset..]));
}
