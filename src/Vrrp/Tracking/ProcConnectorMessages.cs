using System.Buffers.Binary;
using LvsDirector.Common.Netlink;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// The proc connector's wire format (include/uapi/linux/connector.h, cn_proc.h), native byte order (little
/// endian here): nlmsghdr, then struct cn_msg {cb_id {idx, val}, seq, ack, len (u16), flags (u16)} (20 bytes),
/// then its data: the listen op (u32) we send, or struct proc_event {what, cpu, timestamp_ns (u64), event_data} we receive.
/// </summary>
internal static class ProcConnectorMessages
{
    /// <summary>NETLINK_CONNECTOR.</summary>
    public const int NetlinkConnector = 11;

    /// <summary>CN_IDX_PROC: also the multicast group bit to bind to.</summary>
    public const uint CN_IDX_PROC = 1;
    public const uint CN_VAL_PROC = 1;

    public const int CnMsgSize = 20;

    /// <summary>proc_event: what (u32), cpu (u32), timestamp_ns (u64), then event_data.</summary>
    public const int EventDataOffset = 16;

    public const uint PROC_CN_MCAST_LISTEN = 1;
    public const uint PROC_CN_MCAST_IGNORE = 2;

    public const uint PROC_EVENT_FORK = 0x00000001;
    public const uint PROC_EVENT_EXEC = 0x00000002;
    public const uint PROC_EVENT_COMM = 0x00000200;
    public const uint PROC_EVENT_EXIT = 0x80000000;

    private const ushort NLMSG_DONE = 3;

    /// <summary>The request that starts (or stops) the multicast of process events to this socket.</summary>
    public static byte[] Listen(bool listen)
    {
        var message = new byte[NetlinkMessageHeader.Size + CnMsgSize + 4];
        new NetlinkMessageHeader((uint)message.Length, NLMSG_DONE, 0, 0, 0).Write(message);
        var cn = message.AsSpan(NetlinkMessageHeader.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(cn, CN_IDX_PROC);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[4..], CN_VAL_PROC);
        BinaryPrimitives.WriteUInt16LittleEndian(cn[16..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[CnMsgSize..], listen ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE);
        return message;
    }

    /// <summary>
    /// The events of one datagram that vrrp_track_process acts on: fork (the child), exec, comm, and the exit of
    /// a thread-group leader (a thread's exit is not a process's). Anything else or malformed is skipped, never thrown.
    /// </summary>
    public static List<ProcessEvent> ReadEvents(ReadOnlySpan<byte> datagram)
    {
        var events = new List<ProcessEvent>();
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            var payload = message.Payload;
            if (payload.Length < CnMsgSize + EventDataOffset) continue;
            if (BinaryPrimitives.ReadUInt32LittleEndian(payload) != CN_IDX_PROC || BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) != CN_VAL_PROC) continue;
            var dataLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[16..]);
            var data = payload[CnMsgSize..];
            if (dataLength < data.Length) data = data[..dataLength];
            if (data.Length < EventDataOffset) continue;
            var what = BinaryPrimitives.ReadUInt32LittleEndian(data);
            var e = data[EventDataOffset..];
            switch (what)
            {
                // fork_proc_event: parent_pid, parent_tgid, child_pid, child_tgid
                case PROC_EVENT_FORK when e.Length >= 16:
                    var childPid = BinaryPrimitives.ReadInt32LittleEndian(e[8..]);
                    if (childPid == BinaryPrimitives.ReadInt32LittleEndian(e[12..])) events.Add(new(ProcessEventKind.Fork, childPid));
                    break;
                // exec_proc_event: process_pid, process_tgid
                case PROC_EVENT_EXEC when e.Length >= 8:
                    events.Add(new(ProcessEventKind.Exec, BinaryPrimitives.ReadInt32LittleEndian(e[4..])));
                    break;
                // comm_proc_event: process_pid, process_tgid, comm[16]
                case PROC_EVENT_COMM when e.Length >= 8:
                    events.Add(new(ProcessEventKind.Comm, BinaryPrimitives.ReadInt32LittleEndian(e[4..])));
                    break;
                // exit_proc_event: process_pid, process_tgid, exit_code, exit_signal
                case PROC_EVENT_EXIT when e.Length >= 8:
                    var pid = BinaryPrimitives.ReadInt32LittleEndian(e);
                    if (pid == BinaryPrimitives.ReadInt32LittleEndian(e[4..])) events.Add(new(ProcessEventKind.Exit, pid));
                    break;
            }
        }
        return events;
    }
}
