using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Sockets;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Tests.Sockets;

/// <summary>
/// The engine's clock within one long turn: the probes' code reads <see cref="ReadinessEngine.Timestamp"/> (a check's
/// next due time is counted from the reading its completion sees), so a turn that handles many events must not hand
/// them all one reading, or every check completing in it gets the same due time and the checks clump.
/// </summary>
public class ReadinessEngineClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Timestamp_ManyEventsInOneTurn_ReadAgainEveryFewEvents()
    {
        const int sockets = 3 * ReadinessEngine.EventsPerClockReading;
        var engine = ReadinessEngine.At(0);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var receivers = Enumerable.Range(0, sockets).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToArray();
        var readiness = receivers.Select(r => new SocketReadiness(engine, (int)r.Handle)).ToArray();
        var seen = new long[sockets];
        try
        {
            // Hold the engine's thread in a timer callback while every socket becomes readable, so that its next
            // epoll_wait returns them all in one turn.
            using var blocker = new BlockingTimer();
            engine.Schedule(blocker, 0, Stopwatch.GetTimestamp());
            Assert.True(blocker.Started.Wait(Patience), "the engine did not run the timer");
            var waits = new Task[sockets];
            for (var i = 0; i < sockets; i++)
            {
                var index = i;
                waits[i] = readiness[i].WaitAsync(Libc.EPOLLIN, CancellationToken.None).AsTask().ContinueWith(_ =>
                {
                    // On the engine's thread, in its turn: the reading this event's handling sees, then ~1 ms of work
                    // (so that a fresh reading differs from the last).
                    seen[index] = ReadinessEngine.Timestamp;
                    var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000;
                    while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
                }, TaskContinuationOptions.ExecuteSynchronously);
                sender.SendTo([1], receivers[i].LocalEndPoint!);
            }
            blocker.Release.Set();
            await Task.WhenAll(waits).WaitAsync(Patience);
        }
        finally
        {
            foreach (var r in readiness) r.Dispose();
            foreach (var r in receivers) r.Dispose();
        }

        // One reading per turn would give all of them one value; a reading every EventsPerClockReading events gives at
        // least sockets / EventsPerClockReading.
        Assert.True(seen.Distinct().Count() >= sockets / ReadinessEngine.EventsPerClockReading,
            $"{seen.Distinct().Count()} distinct readings over {sockets} events handled in one turn");
    }

    private sealed class BlockingTimer : IEngineTimer, IDisposable
    {
        public ManualResetEventSlim Started { get; } = new();
        public ManualResetEventSlim Release { get; } = new();

        public void OnTimer(long version)
        {
            Started.Set();
            Release.Wait(Patience);
        }

        public void Dispose()
        {
            Release.Set();
            Started.Dispose();
            Release.Dispose();
        }
    }
}
