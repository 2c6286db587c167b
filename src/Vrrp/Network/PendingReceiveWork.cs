using System.Net.Sockets;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Runs, in the calling thread, the packet receive work the kernel has left pending on each CPU. On a
/// saturated machine the kernel hands its NET_RX softirq over to ksoftirqd, a normal-priority thread that
/// then waits behind the CPU hogs: an advert already on the wire (and seen on the bridge) can sit in a
/// CPU's backlog for tens of milliseconds before it reaches our socket, and a Backup whose master-down timer
/// expires meanwhile takes over spuriously. Pending softirqs run whenever a thread re-enables bottom halves
/// (local_bh_enable → do_softirq), which releasing a socket lock does; so the caller visits each CPU it may
/// run on (sched_setaffinity) and sets a socket option there. The VRRP timer thread, being real-time, does
/// the work at once. Used only when a Backup's master-down timer expires: a few tens of microseconds per
/// CPU, no host setting changed, the thread's affinity restored.
/// </summary>
internal static class PendingReceiveWork
{
    private const int MaskWords = 16; // 1024 CPUs
    private const int SolSocket = 1;
    private const int SoSendBuffer = 7; // SO_SNDBUF: set under lock_sock()/release_sock() (spin_unlock_bh)

    private static readonly Lazy<Socket?> s_socket = new(OpenSocket);

    /// <summary>Runs pending receive work on every CPU the calling thread may use; false if it could not.</summary>
    public static unsafe bool RunOnEveryCpu()
    {
        if (s_socket.Value is not { } socket) return false;
        var original = stackalloc ulong[MaskWords];
        var single = stackalloc ulong[MaskWords];
        var size = (nuint)(MaskWords * sizeof(ulong));
        if (VrrpLibc.SchedGetAffinity(0, size, original) != 0) return false;
        try
        {
            for (var cpu = 0; cpu < MaskWords * 64; cpu++)
            {
                if ((original[cpu / 64] & (1UL << (cpu % 64))) == 0) continue;
                new Span<ulong>(single, MaskWords).Clear();
                single[cpu / 64] = 1UL << (cpu % 64);
                if (VrrpLibc.SchedSetAffinity(0, size, single) != 0) continue;
                ReleaseSocketLock(socket);
            }
        }
        finally
        {
            VrrpLibc.SchedSetAffinity(0, size, original);
        }
        return true;
    }

    private static void ReleaseSocketLock(Socket socket)
    {
        try
        {
            Span<byte> value = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(value, 4096);
            socket.SetRawSocketOption(SolSocket, SoSendBuffer, value);
        }
        catch (SocketException)
        {
        }
    }

    private static Socket? OpenSocket()
    {
        try
        {
            return new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
