using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Sends pre-built datagrams with sendmmsg(2), <see cref="BatchSize"/> per system call, for the flood
/// test: one managed <see cref="Socket.SendTo(byte[], EndPoint)"/> per packet reached only ~9,400
/// packets/s on the 2-core CI host. Everything the kernel reads (datagrams, iovecs, the destination,
/// the message headers) is built once in native memory; a batch cycles through the datagrams.
/// </summary>
internal sealed unsafe partial class BatchedDatagramSender : IDisposable
{
    public const int BatchSize = 256;

    private const int SockaddrInLength = 16;

    private readonly Socket _socket;
    private readonly byte* _memory;
    private readonly MultiMessageHeader* _messages;

    public BatchedDatagramSender(Socket socket, IPAddress destination, IReadOnlyList<byte[]> datagrams)
    {
        _socket = socket;
        var dataLength = datagrams.Sum(d => d.Length);
        var total = dataLength + datagrams.Count * sizeof(VrrpLibc.IOVector) + SockaddrInLength + BatchSize * sizeof(MultiMessageHeader);
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)total);
        var cursor = _memory;

        var vectors = (VrrpLibc.IOVector*)cursor;
        cursor += datagrams.Count * sizeof(VrrpLibc.IOVector);
        for (var i = 0; i < datagrams.Count; i++)
        {
            datagrams[i].CopyTo(new Span<byte>(cursor, datagrams[i].Length));
            vectors[i] = new VrrpLibc.IOVector { Base = cursor, Length = (nuint)datagrams[i].Length };
            cursor += datagrams[i].Length;
        }

        // struct sockaddr_in { sa_family_t AF_INET; in_port_t 0; struct in_addr; zero[8] }
        var name = cursor;
        *(ushort*)name = (ushort)AddressFamily.InterNetwork;
        destination.TryWriteBytes(new Span<byte>(name + 4, 4), out _);
        cursor += SockaddrInLength;

        _messages = (MultiMessageHeader*)cursor;
        for (var i = 0; i < BatchSize; i++)
        {
            _messages[i].Header.Name = name;
            _messages[i].Header.NameLength = SockaddrInLength;
            _messages[i].Header.Vectors = &vectors[i % datagrams.Count];
            _messages[i].Header.VectorCount = 1;
        }
    }

    /// <summary>Sends one batch; returns how many datagrams the kernel took (0 when its queue is full).</summary>
    public int SendBatch()
    {
        var sent = SendMultipleMessages((int)_socket.Handle, _messages, BatchSize, 0);
        if (sent >= 0) return sent;
        var errno = Marshal.GetLastPInvokeError();
        const int EAGAIN = 11, ENOBUFS = 105;
        if (errno is EAGAIN or ENOBUFS) return 0;
        throw new SocketException(errno);
    }

    public void Dispose() => NativeMemory.Free(_memory);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMultipleMessages(int fd, MultiMessageHeader* messages, uint count, int flags);

    /// <summary>struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MultiMessageHeader
    {
        public VrrpLibc.MessageHeader Header;
        public uint Length;
    }
}
