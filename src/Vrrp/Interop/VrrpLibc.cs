using System.Runtime.InteropServices;
using LvsDirector.Common.Interop;

namespace LvsDirector.Vrrp.Interop;

/// <summary>libc functions the VRRP library needs beyond src/Common's <see cref="Libc"/>: ioctl, recvmsg, setns.</summary>
internal static partial class VrrpLibc
{
    /// <summary>ioctl(2) with a pointer argument; EINTR retried.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoctlNative(SafeFdHandle fd, nuint request, void* argument);

    internal static unsafe int Ioctl(SafeFdHandle fd, nuint request, void* argument)
    {
        int rc;
        do rc = IoctlNative(fd, request, argument);
        while (rc < 0 && Libc.LastErrno == Errno.EINTR);
        return rc;
    }

    /// <summary>recvmsg(2); EINTR retried.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "recvmsg", SetLastError = true)]
    private static unsafe partial nint RecvMsgNative(SafeFdHandle fd, MessageHeader* message, int flags);

    internal static unsafe nint RecvMsg(SafeFdHandle fd, MessageHeader* message, int flags)
    {
        nint rc;
        do rc = RecvMsgNative(fd, message, flags);
        while (rc < 0 && Libc.LastErrno == Errno.EINTR);
        return rc;
    }

    /// <summary>setns(2): moves the calling thread into the namespace open at <paramref name="fd"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(int fd, int namespaceType);

    /// <summary>sched_setscheduler(2); pid 0 = the calling thread.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_setscheduler", SetLastError = true)]
    internal static unsafe partial int SchedSetScheduler(int pid, int policy, int* parameter);

    internal const int SCHED_FIFO = 1;

    /// <summary>sched_getaffinity(2); pid 0 = the calling thread; <paramref name="size"/> in bytes.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_getaffinity", SetLastError = true)]
    internal static unsafe partial int SchedGetAffinity(int pid, nuint size, ulong* mask);

    /// <summary>sched_setaffinity(2); pid 0 = the calling thread; <paramref name="size"/> in bytes.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static unsafe partial int SchedSetAffinity(int pid, nuint size, ulong* mask);

    [LibraryImport(Libraries.Libc, EntryPoint = "clock_nanosleep")]
    private static unsafe partial int ClockNanoSleep(int clock, int flags, TimeValue* request, TimeValue* remaining);

    private const int CLOCK_MONOTONIC = 1;

    /// <summary>
    /// Sleeps <paramref name="nanoseconds"/> on CLOCK_MONOTONIC (struct timespec has timeval's layout:
    /// two longs). For the VRRP timer thread's last sub-millisecond wait, which Monitor.Wait cannot time:
    /// it counts in whole milliseconds. An interruption (EINTR) just ends the sleep early; the caller re-checks.
    /// </summary>
    internal static unsafe void SleepNanoseconds(long nanoseconds)
    {
        var request = new TimeValue { Seconds = nanoseconds / 1_000_000_000, Microseconds = nanoseconds % 1_000_000_000 };
        ClockNanoSleep(CLOCK_MONOTONIC, 0, &request, null);
    }

    /// <summary>
    /// Moves the calling thread to SCHED_FIFO at <paramref name="priority"/> (keepalived's vrrp_rt_priority),
    /// so CPU hogs cannot delay adverts or master-down timers by a scheduler slice. Best effort: false
    /// without CAP_SYS_NICE.
    /// </summary>
    internal static unsafe bool TryMakeCurrentThreadRealtime(int priority)
    {
        var parameter = priority;
        return SchedSetScheduler(0, SCHED_FIFO, &parameter) == 0;
    }

    /// <summary>The real-time priority of the VRRP threads (low: above every normal thread, below kernel helpers).</summary>
    internal const int RealtimePriority = 10;

    /// <summary>CLONE_NEWNET.</summary>
    internal const int CloneNewNet = 0x40000000;

    internal const nuint SIOCGIFFLAGS = 0x8913;
    internal const nuint SIOCGIFHWADDR = 0x8927;
    internal const nuint SIOCGIFINDEX = 0x8933;

    /// <summary>struct ifreq: IFNAMSIZ name then a 24-octet union.</summary>
    internal const int IfreqSize = 40;
    internal const int IfNameSize = 16;

    internal const short IFF_UP = 0x1;
    internal const short IFF_RUNNING = 0x40;

    internal const int IPPROTO_IP = 0;
    internal const int IPPROTO_IPV6 = 41;
    internal const int IPV6_RECVPKTINFO = 49;
    internal const int IPV6_PKTINFO = 50;
    internal const int IPV6_RECVHOPLIMIT = 51;
    internal const int IPV6_HOPLIMIT = 52;
    internal const int IPV6_TCLASS = 67;
    internal const int IP_TOS = 1;
    internal const int IP_TTL = 2;
    internal const int IP_MULTICAST_IF = 32;
    internal const int IP_MULTICAST_TTL = 33;
    internal const int IP_MULTICAST_LOOP = 34;
    internal const int IP_ADD_MEMBERSHIP = 35;
    internal const int IPV6_UNICAST_HOPS = 16;
    internal const int IPV6_MULTICAST_IF = 17;
    internal const int IPV6_MULTICAST_HOPS = 18;
    internal const int IPV6_MULTICAST_LOOP = 19;
    internal const int IPV6_ADD_MEMBERSHIP = 20;
    internal const int SO_BINDTODEVICE = 25;
    internal const int SO_RCVTIMEO = 20;
    internal const int ETH_P_ALL = 0x0003;

    /// <summary>struct msghdr (x86-64 / aarch64 LP64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IOVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct IOVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct sockaddr_ll (AF_PACKET).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockaddrLinkLayer
    {
        public ushort Family;
        public ushort Protocol;
        public int InterfaceIndex;
        public ushort HardwareType;
        public byte PacketType;
        public byte AddressLength;
        public fixed byte Address[8];
    }

    /// <summary>struct timeval.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeValue
    {
        public long Seconds;
        public long Microseconds;
    }
}
