using System.Collections.Concurrent;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// Readiness of checker sockets on dedicated epoll threads, keepalived's model: when a socket becomes connected,
/// readable or writable, the awaiting probe continues on the engine thread itself instead of being handed to the
/// thread pool as .NET's socket engine does (its DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS switch would do this for
/// every socket of the process: VRRP, netlink). Only checker sockets are registered here, so nothing else runs on
/// these threads, and checker code on them never blocks: each step either completes or waits for the next event.
/// </summary>
internal sealed unsafe class ReadinessEngine
{
    private const int MaxEvents = 256;
    private static readonly Lazy<ReadinessEngine[]> s_engines = new(() =>
        Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 4)).Select(i => new ReadinessEngine(i)).ToArray());
    private static long s_nextId;
    private static int s_nextEngine;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<long, SocketReadiness> _waiters = new();

    private ReadinessEngine(int index)
    {
        _epoll = (int)Libc.CheckErrno(Libc.EpollCreate1(Libc.EPOLL_CLOEXEC), "epoll_create1");
        new Thread(Loop) { IsBackground = true, Name = $"lvs-checks-{index}" }.Start();
    }

    /// <summary>One of the engines, in turn, so sockets spread over the threads.</summary>
    public static ReadinessEngine Next()
    {
        var engines = s_engines.Value;
        return engines[(uint)Interlocked.Increment(ref s_nextEngine) % engines.Length];
    }

    /// <summary>Makes <paramref name="readiness"/> reachable from its events; the returned id goes in epoll's user data.</summary>
    public long Add(SocketReadiness readiness)
    {
        var id = Interlocked.Increment(ref s_nextId);
        _waiters[id] = readiness;
        return id;
    }

    public void Remove(long id) => _waiters.TryRemove(id, out _);

    /// <summary>Arms a one-shot wait for <paramref name="events"/> on <paramref name="fd"/> (added on its first wait, modified after).</summary>
    public void Arm(int fd, long id, uint events, bool add)
    {
        var buffer = stackalloc byte[16];
        EpollEvent.Write(new Span<byte>(buffer, 16), events | Libc.EPOLLONESHOT, (ulong)id);
        Libc.CheckErrno(Libc.EpollCtl(_epoll, add ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD, fd, buffer), "epoll_ctl");
    }

    private void Loop()
    {
        var size = EpollEvent.Size;
        var events = new byte[MaxEvents * size];
        fixed (byte* buffer = events)
        {
            while (true)
            {
                var count = Libc.EpollWait(_epoll, buffer, MaxEvents, -1);
                // EINTR only: the descriptor is ours and valid for the life of the process.
                for (var i = 0; i < count; i++)
                {
                    var (_, data) = EpollEvent.Read(events.AsSpan(i * size, size));
                    if (!_waiters.TryGetValue((long)data, out var readiness)) continue; // its probe has ended
                    try
                    {
                        readiness.OnReady();
                    }
                    catch (Exception e)
                    {
                        // Continuations run here, and their exceptions belong to their tasks; anything else must not end
                        // the thread (it would end the process): the wait, if still pending, fails with it.
                        readiness.Fail(e);
                    }
                }
            }
        }
    }
}
