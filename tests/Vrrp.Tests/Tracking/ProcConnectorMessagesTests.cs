using System.Buffers.Binary;
using LvsDirector.Vrrp.Tracking;

namespace LvsDirector.Vrrp.Tests.Tracking;

/// <summary>The proc connector codec (include/uapi/linux/connector.h, cn_proc.h; little endian on x86-64).</summary>
public class ProcConnectorMessagesTests
{
    [Fact]
    public void Listen_Bytes_AsTheKernelExpects()
    {
        byte[] expected =
        [
            0x28, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // nlmsghdr: len 40, NLMSG_DONE
            0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,                                                 // cb_id CN_IDX_PROC, CN_VAL_PROC
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                                                 // seq, ack
            0x04, 0x00, 0x00, 0x00,                                                                         // len 4, flags 0
            0x01, 0x00, 0x00, 0x00,                                                                         // PROC_CN_MCAST_LISTEN
        ];

        Assert.Equal(expected, ProcConnectorMessages.Listen(true));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(ProcConnectorMessages.Listen(false).AsSpan(36)));
    }

    /// <summary>One datagram as the kernel multicasts it: nlmsghdr, cn_msg, proc_event (what, cpu, timestamp, data).</summary>
    private static byte[] Event(uint what, params int[] data)
    {
        var eventLength = ProcConnectorMessages.EventDataOffset + Math.Max(24, data.Length * 4);
        var message = new byte[16 + ProcConnectorMessages.CnMsgSize + eventLength];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), 3);
        var cn = message.AsSpan(16);
        BinaryPrimitives.WriteUInt32LittleEndian(cn, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[4..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(cn[16..], (ushort)eventLength);
        var ev = cn[ProcConnectorMessages.CnMsgSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(ev, what);
        BinaryPrimitives.WriteUInt64LittleEndian(ev[8..], 123456789);
        for (var i = 0; i < data.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(ev[(ProcConnectorMessages.EventDataOffset + 4 * i)..], data[i]);
        return message;
    }

    [Fact]
    public void ReadEvents_ExecForkExitComm_ThreadGroupLeadersOnly()
    {
        byte[] datagram =
        [
            .. Event(ProcConnectorMessages.PROC_EVENT_EXEC, 500, 500),
            .. Event(ProcConnectorMessages.PROC_EVENT_FORK, 500, 500, 501, 501),
            .. Event(ProcConnectorMessages.PROC_EVENT_FORK, 500, 500, 502, 500),   // a new thread, not a process
            .. Event(ProcConnectorMessages.PROC_EVENT_EXIT, 502, 500, 0, 17),     // a thread's exit
            .. Event(ProcConnectorMessages.PROC_EVENT_EXIT, 501, 501, 0, 17),
            .. Event(ProcConnectorMessages.PROC_EVENT_COMM, 500, 500),
            .. Event(0x00000004 /* PROC_EVENT_UID */, 500, 500, 0, 0),
        ];

        Assert.Equal(
        [
            new ProcessEvent(ProcessEventKind.Exec, 500),
            new ProcessEvent(ProcessEventKind.Fork, 501),
            new ProcessEvent(ProcessEventKind.Exit, 501),
            new ProcessEvent(ProcessEventKind.Comm, 500),
        ], ProcConnectorMessages.ReadEvents(datagram));
    }

    [Fact]
    public void ReadEvents_TruncatedOrForeign_NothingAndNoThrow()
    {
        var exec = Event(ProcConnectorMessages.PROC_EVENT_EXEC, 500, 500);
        Assert.Empty(ProcConnectorMessages.ReadEvents(exec.AsSpan(0, 30)));
        exec[16] = 9; // another connector index
        Assert.Empty(ProcConnectorMessages.ReadEvents(exec));
        Assert.Empty(ProcConnectorMessages.ReadEvents([]));
    }

    [Fact]
    public void ReadEvents_RandomBytes_NeverThrows()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 120)];
            random.NextBytes(bytes);
            if (bytes.Length >= 4) BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)random.Next(0, bytes.Length + 8));
            ProcConnectorMessages.ReadEvents(bytes);
        }
    }
}
