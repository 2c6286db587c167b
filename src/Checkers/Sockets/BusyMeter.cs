namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// The share of its time an engine thread spends working rather than asleep in epoll_wait, over the last whole window
/// (<see cref="Fraction"/>), from the clock readings the loop takes anyway: one when it goes to sleep, one when it wakes.
/// The scheduler spreads its probes over other engines only when the loop's engine is saturated: one thread that keeps
/// up is cheaper than two (a share costs a cross-thread wake-up, and each engine then sleeps and wakes more often).
/// <para>
/// With <paramref name="threadCpuTime"/> (the calling thread's CPU time, in the window's units; read once per window, on
/// the engine thread) the share is also capped by the processor time the thread actually got: a thread that is awake
/// but waiting for a processor (other processes busy on a small machine) is not saturated, and a second engine would
/// only compete for the same processors.
/// </para>
/// Written by the engine thread only; <see cref="Fraction"/> is read from any.
/// </summary>
internal sealed class BusyMeter(long window, long start, Func<long>? threadCpuTime = null)
{
    private long _windowStart = start;
    private long _slept;
    private long _sleepStart = -1;
    // The thread's CPU time when the window began; -1 until the first window ends (the meter is made on another thread).
    private long _cpuAtWindowStart = -1;
    private double _fraction;

    /// <summary>Busy share of the last complete window, 0 to 1 (0 before the first has ended).</summary>
    public double Fraction => Volatile.Read(ref _fraction);

    /// <summary>The thread goes to sleep at <paramref name="now"/>.</summary>
    public void Sleeping(long now) => _sleepStart = now;

    /// <summary>The thread woke at <paramref name="now"/>; closes the window once it has lasted its length.</summary>
    public void Woke(long now)
    {
        if (_sleepStart >= 0) _slept += Math.Max(0, now - _sleepStart);
        _sleepStart = -1;
        var elapsed = now - _windowStart;
        if (elapsed < window) return;
        var busy = 1 - (double)_slept / elapsed;
        if (threadCpuTime is not null)
        {
            var cpu = threadCpuTime();
            if (cpu >= 0 && _cpuAtWindowStart >= 0) busy = Math.Min(busy, (double)(cpu - _cpuAtWindowStart) / elapsed);
            _cpuAtWindowStart = cpu;
        }
        Volatile.Write(ref _fraction, Math.Clamp(busy, 0, 1));
        _windowStart = now;
        _slept = 0;
    }
}
