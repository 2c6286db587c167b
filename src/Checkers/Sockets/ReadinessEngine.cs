using System.Diagnostics;
using LvsDirector.Checkers.Scheduling;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// Readiness of checker sockets on dedicated epoll threads, keepalived's model: when a socket becomes connected,
/// readable or writable, the awaiting probe continues on the engine thread itself instead of being handed to the
/// thread pool as .NET's socket engine does (its DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS switch would do this for
/// every socket of the process: VRRP, netlink). Only checker sockets are registered here, so nothing else runs on
/// these threads, and checker code on them never blocks: each step either completes or waits for the next event.
/// <para>
/// Each engine also keeps a heap of due times (<see cref="Schedule"/>) with epoll_wait's timeout as its clock: the
/// scheduler loop's wake-up and the sockets' step timeouts fire on the engine thread, so a probe goes from due time to
/// connect to readiness to verdict without a timer thread or a thread-pool hop. The clock is
/// <see cref="Stopwatch.GetTimestamp"/> (<see cref="TimeProvider.System"/>'s timestamps); with any other
/// <see cref="TimeProvider"/> (tests) the callers time themselves through it instead.
/// </para>
/// </summary>
internal sealed unsafe class ReadinessEngine
{
    private const int MaxEvents = 256;
    // epoll user data of the engine's eventfd; a socket's has a slot + 1 in its low half, so is never 0.
    private const ulong WakeData = 0;
    private static readonly Lazy<ReadinessEngine[]> s_engines = new(() =>
        Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 4)).Select(i => new ReadinessEngine(i)).ToArray());
    private static int s_nextEngine;
    private static readonly TimestampTicks s_ticks = new(Stopwatch.Frequency);
    [ThreadStatic]
    private static ReadinessEngine? t_current;

    private readonly int _epoll;
    private readonly SafeFdHandle _wake;
    // The sockets registered here, by slot. epoll's user data for a registration is its slot + 1 (low 32 bits) and the
    // engine's registration count then (high 32 bits), so an event for a socket since closed, whose slot a new socket
    // took, is told apart. Changed under _slotGate; read without it by the engine thread (the array is replaced, not
    // resized in place, and a stale read finds a registration that no longer matches or a wait that has ended).
    private readonly object _slotGate = new();
    private readonly Stack<int> _freeSlots = new();
    private SocketReadiness?[] _slots = new SocketReadiness?[64];
    private int _usedSlots;
    private uint _registrations;
    private readonly object _timerGate = new();
    private readonly DueHeap<EngineTimerEntry> _timers = new();
    private readonly List<(IEngineTimer Target, long Version)> _due = [];
    // The due time epoll_wait is sleeping towards (long.MaxValue: none); long.MinValue while the loop is awake, when
    // it will look at the heap again before it sleeps, so nobody needs to wake it.
    private long _sleepingUntil = long.MinValue;
    // The clock as read once per loop turn, after epoll_wait returns, and again every EventsPerClockReading events of the
    // turn (see EngineClock); written by the engine thread only.
    private long _loopTime = Stopwatch.GetTimestamp();

    /// <summary>
    /// Ready events handled per reading of the clock within one turn. A check's next probe is due delay_loop after the
    /// reading its completion saw: with one reading per turn, every check completing in a turn got the same due time, so
    /// the checks clumped into groups that each later wake-up started together (in the IPVS VM, 300 TCP checks ran in
    /// groups whose last probe started ~60–100 ms after the first, and the loop made 273–280 checks/s of 300). A reading
    /// every few events keeps the groups small for a fraction of a clock read per probe.
    /// </summary>
    internal const int EventsPerClockReading = 8;
    // How busy the thread is, over one-second windows (from the readings above and before each sleep).
    private readonly BusyMeter _busy = new(Stopwatch.Frequency, Stopwatch.GetTimestamp(), ThreadCpuTicks);

    private ReadinessEngine(int index)
    {
        _epoll = (int)Libc.CheckErrno(Libc.EpollCreate1(Libc.EPOLL_CLOEXEC), "epoll_create1");
        _wake = Libc.CheckErrno(Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd");
        var buffer = stackalloc byte[16];
        EpollEvent.Write(new Span<byte>(buffer, 16), Libc.EPOLLIN, WakeData);
        Libc.CheckErrno(Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, _wake.Fd, buffer), "epoll_ctl");
        // UnsafeStart: the thread does not inherit the execution context of whatever first touched the engines (the host's
        // start-up, with its async locals). With one, every probe's state machine captured it and ran each continuation
        // through ExecutionContext.RunInternal (seen in the checkers' profile); without, they run directly.
        new Thread(Loop) { IsBackground = true, Name = $"lvs-checks-{index}" }.UnsafeStart();
    }

    /// <summary>One of the engines, in turn, so sockets spread over the threads.</summary>
    public static ReadinessEngine Next()
    {
        var engines = s_engines.Value;
        return engines[(uint)Interlocked.Increment(ref s_nextEngine) % engines.Length];
    }

    /// <summary>The engine whose thread is running the caller, or null on any other thread.</summary>
    public static ReadinessEngine? Current => t_current;

    /// <summary>The engine of the caller's thread when it is one (a probe started by the loop keeps its socket there), else the next.</summary>
    public static ReadinessEngine CurrentOrNext() => t_current ?? Next();

    /// <summary>The first engine: the scheduler loop's clock.</summary>
    public static ReadinessEngine First => s_engines.Value[0];

    /// <summary>Share of the last second the engine's thread spent working rather than waiting in epoll_wait (0 to 1).</summary>
    public double BusyFraction => _busy.Fraction;

    /// <summary>The engine <paramref name="index"/> modulo their number.</summary>
    public static ReadinessEngine At(int index)
    {
        var engines = s_engines.Value;
        return engines[(uint)index % engines.Length];
    }

    /// <summary>Makes <paramref name="readiness"/> reachable from its events; the returned registration goes in epoll's user data.</summary>
    public ulong Add(SocketReadiness readiness)
    {
        lock (_slotGate)
        {
            int slot;
            if (!_freeSlots.TryPop(out slot))
            {
                slot = _usedSlots++;
                if (slot == _slots.Length)
                {
                    var larger = new SocketReadiness?[_slots.Length * 2];
                    _slots.CopyTo(larger, 0);
                    Volatile.Write(ref _slots, larger);
                }
            }
            var registration = (ulong)++_registrations << 32 | (uint)(slot + 1);
            readiness.Registration = registration;
            Volatile.Write(ref _slots[slot], readiness);
            return registration;
        }
    }

    /// <summary>Forgets <paramref name="registration"/>: its events, if any still come, are ignored.</summary>
    public void Remove(ulong registration)
    {
        var slot = (int)(uint)registration - 1;
        lock (_slotGate)
        {
            if (_slots[slot]?.Registration != registration) return;
            _slots[slot] = null;
            _freeSlots.Push(slot);
        }
    }

    // The socket registered as data, or null when it has been removed.
    private SocketReadiness? Registered(ulong data)
    {
        var slots = Volatile.Read(ref _slots);
        var slot = (long)(uint)data - 1;
        return slot < slots.Length && Volatile.Read(ref slots[slot]) is { } readiness && readiness.Registration == data ? readiness : null;
    }

    /// <summary>Arms a one-shot wait for <paramref name="events"/> on <paramref name="fd"/> (added on its first wait, modified after).</summary>
    public void Arm(int fd, ulong registration, uint events, bool add)
    {
        var buffer = stackalloc byte[16];
        EpollEvent.Write(new Span<byte>(buffer, 16), events | Libc.EPOLLONESHOT, registration);
        Libc.CheckErrno(Libc.EpollCtl(_epoll, add ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD, fd, buffer), "epoll_ctl");
    }

    /// <summary>
    /// Calls <paramref name="target"/>.OnTimer(<paramref name="version"/>) on this engine's thread once
    /// <paramref name="due"/> (a <see cref="Stopwatch.GetTimestamp"/> value) has passed: a one-off entry (a batch share).
    /// </summary>
    public void Schedule(IEngineTimer target, long version, long due) => Schedule(new EngineTimerEntry(target), version, due);

    /// <summary>
    /// Queues <paramref name="entry"/> for <paramref name="due"/> with <paramref name="version"/>, or moves it there if it
    /// is queued. From another thread, wakes the engine only when it sleeps towards a later time.
    /// </summary>
    public void Schedule(EngineTimerEntry entry, long version, long due)
    {
        bool wake;
        lock (_timerGate)
        {
            entry.Version = version;
            _timers.Set(entry, due);
            wake = due < _sleepingUntil;
            if (wake) _sleepingUntil = due; // one write is enough until it wakes
        }
        if (wake && t_current != this) Libc.EventFdWrite(_wake, 1);
    }

    /// <summary>Takes <paramref name="entry"/> out of the heap (an ended step, a superseded wake-up): it never falls due.</summary>
    public void Cancel(EngineTimerEntry entry)
    {
        lock (_timerGate) _timers.Remove(entry);
    }

    /// <summary>
    /// A <see cref="Stopwatch.GetTimestamp"/> value: on an engine thread the time its loop last woke (read once per turn,
    /// see <see cref="EngineClock"/>), on any other thread the clock itself.
    /// </summary>
    public static long Timestamp => t_current is { } engine ? engine._loopTime : Stopwatch.GetTimestamp();

    /// <summary>The <see cref="Timestamp"/> value <paramref name="delay"/> from now.</summary>
    public static long TimestampAfter(TimeSpan delay) =>
        Timestamp + s_ticks.From(delay);

    // The calling thread's CPU time in Stopwatch ticks (-1 when it cannot be read): one system call per busy window.
    private static long ThreadCpuTicks()
    {
        var nanoseconds = Libc.ThreadCpuTimeNanoseconds();
        return nanoseconds < 0 ? -1 : (long)((Int128)nanoseconds * Stopwatch.Frequency / 1_000_000_000);
    }

    private void Loop()
    {
        t_current = this;
        var size = EpollEvent.Size;
        var events = new byte[MaxEvents * size];
        fixed (byte* buffer = events)
        {
            while (true)
            {
                var count = Libc.EpollWait(_epoll, buffer, MaxEvents, NextTimeout());
                Volatile.Write(ref _sleepingUntil, long.MinValue);
                _loopTime = Stopwatch.GetTimestamp();
                _busy.Woke(_loopTime);
                // EINTR only: the descriptor is ours and valid for the life of the process.
                for (var i = 0; i < count; i++)
                {
                    if (i > 0 && i % EventsPerClockReading == 0) _loopTime = Stopwatch.GetTimestamp();
                    var (ready, data) = EpollEvent.Read(events.AsSpan(i * size, size));
                    if (data == WakeData)
                    {
                        ulong value;
                        Libc.EventFdRead(_wake, &value);
                        continue;
                    }
                    if (Registered(data) is not { } readiness) continue; // its probe has ended
                    try
                    {
                        readiness.OnReady(ready);
                    }
                    catch (Exception e)
                    {
                        // Continuations run here, and their exceptions belong to their tasks; anything else must not end
                        // the thread (it would end the process): the wait, if still pending, fails with it.
                        readiness.Fail(e);
                    }
                }
                RunTimers();
            }
        }
    }

    // epoll_wait's timeout for the earliest due time, rounded up to whole milliseconds (epoll counts milliseconds: an
    // unrounded wait would wake just before the entry is due, to find nothing to do). Publishes what it sleeps towards.
    // Counted from a fresh reading (the turn's own is as old as the turn, which may have started many probes): one
    // clock read per sleep.
    private int NextTimeout()
    {
        lock (_timerGate)
        {
            if (!_timers.TryPeek(out _, out var due))
            {
                // No reading without a due time: the turn counts from its start (an engine with no timers is idle).
                _busy.Sleeping(_loopTime);
                _sleepingUntil = long.MaxValue;
                return -1;
            }
            _sleepingUntil = due;
            var now = Stopwatch.GetTimestamp();
            _busy.Sleeping(now);
            var ticks = due - now;
            if (ticks <= 0) return 0;
            var milliseconds = (ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
            return (int)Math.Min(milliseconds, int.MaxValue);
        }
    }

    private void RunTimers()
    {
        var due = _due;
        lock (_timerGate)
        {
            var now = _loopTime;
            while (_timers.TryDequeueDue(now, out var entry, out _)) due.Add((entry.Target, entry.Version));
        }
        foreach (var (target, version) in due)
        {
            try
            {
                target.OnTimer(version);
            }
            catch (Exception e)
            {
                // The targets catch and log their own errors; this only keeps the engine alive.
                Trace.TraceError($"checker engine timer: {e}");
            }
        }
        due.Clear();
    }
}
