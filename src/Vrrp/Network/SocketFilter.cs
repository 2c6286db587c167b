using System.Buffers.Binary;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Classic BPF socket filters (SO_ATTACH_FILTER, Documentation/networking/filter.rst): the kernel runs
/// the program on every packet before queueing it to the socket and drops it when the program returns 0.
/// </summary>
internal static class SocketFilter
{
    private const int SoAttachFilter = 26;

    // struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; }: BPF_RET | BPF_K returns k.
    private const ushort ReturnConstant = 0x06;

    /// <summary>Queues nothing: for sockets that only send.</summary>
    public static void AttachRejectAll(Socket socket) => Attach(socket, [Instruction(ReturnConstant, 0, 0, 0)]);

    private static ulong Instruction(ushort code, byte jumpTrue, byte jumpFalse, uint k) =>
        code | (ulong)jumpTrue << 16 | (ulong)jumpFalse << 24 | (ulong)k << 32;

    private static unsafe void Attach(Socket socket, ReadOnlySpan<ulong> program)
    {
        fixed (ulong* instructions = program)
        {
            // struct sock_fprog { unsigned short len; struct sock_filter *filter; } (64-bit: pointer at offset 8).
            Span<byte> fprog = stackalloc byte[16];
            fprog.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(fprog, (ushort)program.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(fprog[8..], (ulong)instructions);
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, SoAttachFilter, fprog);
        }
    }
}
