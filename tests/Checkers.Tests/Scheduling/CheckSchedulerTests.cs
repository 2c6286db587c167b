using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Scheduling;
using LvsDirector.Checkers.Tests.Fakes;
using LvsDirector.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Scheduling;

public class CheckSchedulerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static ScheduledCheck Add(CheckScheduler scheduler, FakeHealthCheck probe, TimeSpan initial, TimeSpan next, TimeSpan deadline,
        List<CheckResult>? results = null, bool inline = true, Func<TimeSpan>? deadlineFunc = null) =>
        new(scheduler, probe, initial, deadlineFunc ?? (() => deadline), r =>
        {
            if (results is not null) lock (results) results.Add(r);
            return next;
        }, "test", inline);

    private static CheckScheduler NewScheduler(ManualTimeProvider time) => new(time, new Random(7), NullLogger.Instance);

    [Fact]
    public void Schedule_ThousandChecks_OneTimerForAllStartsAndDeadlines()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        var probes = Enumerable.Range(0, 1000).Select(_ => new FakeHealthCheck()).ToList();
        var hung = new FakeHealthCheck { Hang = true };
        var checks = probes.Select((p, i) => Add(scheduler, p, TimeSpan.FromMilliseconds(i), Second, 3 * Second)).ToList();
        checks.Add(Add(scheduler, hung, TimeSpan.Zero, Second, 3 * Second));

        time.Advance(TimeSpan.FromMilliseconds(500)); // the hung probe runs; its deadline is an entry, not a timer

        Assert.Equal(1, time.ActiveTimerCount);
        Assert.Equal(501, probes.Count(p => p.Probes == 1));
        Assert.Equal(1, hung.Running);
        time.Advance(3 * Second); // 3.5 s: probe i ran at i ms, then every second
        Assert.All(probes.Select((p, i) => (p.Probes, i)), x => Assert.Equal(x.i <= 500 ? 4 : 3, x.Probes));
        Assert.Equal(1, time.ActiveTimerCount);
        checks.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Schedule_SystemClock_LoopAndProbeRunOnACheckerEngineThread()
    {
        using var scheduler = new CheckScheduler(TimeProvider.System, new Random(7), NullLogger.Instance);
        string? probeThread = null;
        var probe = new FakeHealthCheck { OnProbe = () => probeThread = Thread.CurrentThread.Name };
        var completed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var check = new ScheduledCheck(scheduler, probe, TimeSpan.FromMilliseconds(20), () => 2 * Second, r =>
        {
            completed.TrySetResult(Thread.CurrentThread.Name);
            return Timeout.InfiniteTimeSpan;
        }, "test", startInline: true);

        var resultThread = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // epoll_wait's timeout woke the loop on an engine thread, which started the probe and handled its result itself.
        Assert.StartsWith("lvs-checks-", probeThread);
        Assert.Equal(probeThread, resultThread);
    }

    [Fact]
    public async Task Schedule_SystemClockManyMoreDueThanOneWakeUpTakes_AllStartOnEngineThreads()
    {
        using var scheduler = new CheckScheduler(TimeProvider.System, new Random(7), NullLogger.Instance, parallelism: 2);
        var count = 10 * CheckScheduler.MaxEntriesPerWakePerProcessor * 2;
        var threads = new System.Collections.Concurrent.ConcurrentBag<string?>();
        var remaining = count;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checks = Enumerable.Range(0, count).Select(_ => new ScheduledCheck(scheduler,
            new FakeHealthCheck { OnProbe = () => threads.Add(Thread.CurrentThread.Name) }, TimeSpan.Zero, () => 2 * Second, r =>
            {
                if (Interlocked.Decrement(ref remaining) == 0) all.TrySetResult();
                return Timeout.InfiniteTimeSpan;
            }, "test", startInline: true)).ToList();

        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Taken a bounded number at a time (the loop goes back to epoll_wait in between), shared among the engines.
        Assert.Equal(count, threads.Count);
        Assert.All(threads, name => Assert.StartsWith("lvs-checks-", name));
        checks.ForEach(c => c.Dispose());
    }

    [Fact]
    public void RunDue_InlineStart_ProbeBeginsOnTheLoopThread()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        int? thread = null;
        var probe = new FakeHealthCheck { OnProbe = () => thread = Environment.CurrentManagedThreadId };
        using var check = Add(scheduler, probe, Second, Second, 2 * Second);

        time.Advance(Second);

        // The manual clock runs the loop on the thread that advances it: no hop between the loop and the probe.
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public async Task RunDue_BlockingStartOffTheLoop_OtherChecksStillStart()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        using var release = new ManualResetEventSlim();
        var entered = new SemaphoreSlim(0);
        var blocking = new FakeHealthCheck { OnProbe = () => { entered.Release(); release.Wait(TimeSpan.FromSeconds(30)); } };
        var healthy = new FakeHealthCheck();
        using var a = Add(scheduler, blocking, TimeSpan.Zero, Second, 5 * Second, inline: false);
        using var b = Add(scheduler, healthy, TimeSpan.Zero, Second, 5 * Second);

        time.Advance(TimeSpan.Zero);
        time.Advance(Second);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, healthy.Probes);
        release.Set();
    }

    [Fact]
    public void RunDue_LargeBatchOfALateLoop_SharedOutAndEveryProbeStartedOnce()
    {
        var time = new ManualTimeProvider();
        using var scheduler = new CheckScheduler(time, new Random(7), NullLogger.Instance, parallelism: 4);
        const int count = 4 * CheckScheduler.MinEntriesPerShare;
        var slowTurn = CheckScheduler.ShareWhenLate + TimeSpan.FromMilliseconds(10);
        using var started = new CountdownEvent(count);
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var starts = new int[count];
        var probes = Enumerable.Range(0, count).Select(i => new FakeHealthCheck
        {
            OnProbe = () =>
            {
                threads[Environment.CurrentManagedThreadId] = true;
                Interlocked.Increment(ref starts[i]);
                started.Signal();
            },
        }).ToList();
        // One probe due just before the others holds the loop's thread past ShareWhenLate: the others fall behind.
        using var slow = Add(scheduler, new FakeHealthCheck { OnProbe = () => time.Advance(slowTurn) }, Second, 10 * Second, Second);
        var checks = probes.Select(p => Add(scheduler, p, Second + TimeSpan.FromMilliseconds(1), 10 * Second, Second)).ToList();

        time.Advance(Second + slowTurn);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        Assert.All(starts, n => Assert.Equal(1, n)); // each counted before its signal
        Assert.Contains(Environment.CurrentManagedThreadId, threads.Keys); // the first share ran in the loop
        Assert.True(threads.Count > 1, "the other shares ran on the thread pool");
        checks.ForEach(c => c.Dispose());
    }

    [Fact]
    public void RunDue_LargeBatchOnTime_AllStartedOnTheLoopThread()
    {
        var time = new ManualTimeProvider();
        using var scheduler = new CheckScheduler(time, new Random(7), NullLogger.Instance, parallelism: 4);
        const int count = 4 * CheckScheduler.MinEntriesPerShare;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var probes = Enumerable.Range(0, count).Select(_ => new FakeHealthCheck { OnProbe = () => threads[Environment.CurrentManagedThreadId] = true }).ToList();
        var checks = probes.Select(p => Add(scheduler, p, Second, 10 * Second, Second)).ToList();

        time.Advance(Second);

        // A loop that keeps up hands nothing to other threads: every probe started in the wake-up itself.
        Assert.All(probes, p => Assert.Equal(1, p.Probes));
        Assert.Equal([Environment.CurrentManagedThreadId], threads.Keys);
        checks.ForEach(c => c.Dispose());
    }

    [Fact]
    public void RunDue_ProbeIgnoresItsToken_FailsAtDeadlineAndScheduleGoesOn()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        var probe = new FakeHealthCheck { Hang = true, IgnoreCancellation = true };
        var results = new List<CheckResult>();
        using var check = Add(scheduler, probe, TimeSpan.Zero, Second, 2 * Second, results);

        time.Advance(TimeSpan.Zero);
        time.Advance(2 * Second); // deadline: completed by the loop
        time.Advance(Second);     // next probe, one delay_loop after the deadline

        var result = Assert.Single(results);
        Assert.False(result.Success);
        Assert.Contains("deadline of 2 s exceeded", result.Reason);
        Assert.Equal(2 * Second, result.Latency);
        Assert.Equal(2, probe.Probes);
        Assert.True(probe.Tokens[0].IsCancellationRequested);
        Assert.False(probe.Tokens[1].IsCancellationRequested);
    }

    [Fact]
    public void RunDue_DeadlineFuncThrows_OtherChecksGoOn()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        var broken = new FakeHealthCheck();
        var healthy = new FakeHealthCheck();
        using var a = Add(scheduler, broken, TimeSpan.Zero, Second, Second, deadlineFunc: () => throw new InvalidOperationException("bug"));
        using var b = Add(scheduler, healthy, TimeSpan.Zero, Second, Second);

        time.Advance(TimeSpan.Zero);
        time.Advance(3 * Second);

        Assert.Equal(0, broken.Probes);
        Assert.Equal(4, healthy.Probes);
    }

    [Fact]
    public void ChangePeriod_StaleEntrySkipped_OneProbePerArming()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        var probe = new FakeHealthCheck();
        using var check = Add(scheduler, probe, TimeSpan.Zero, 10 * Second, Second);
        time.Advance(TimeSpan.Zero);

        check.ChangePeriod(3 * Second);
        check.ChangePeriod(5 * Second);
        time.Advance(4 * Second);
        Assert.Equal(1, probe.Probes);
        time.Advance(Second);
        Assert.Equal(2, probe.Probes);
        time.Advance(5 * Second); // the first arming (10 s) is stale: no extra probe
        Assert.Equal(2, probe.Probes);
    }

    [Fact]
    public void Dispose_Scheduler_TimerGoneAndNoMoreProbes()
    {
        var time = new ManualTimeProvider();
        var scheduler = NewScheduler(time);
        var probe = new FakeHealthCheck();
        using var check = Add(scheduler, probe, TimeSpan.Zero, Second, Second);
        time.Advance(TimeSpan.Zero);

        scheduler.Dispose();
        time.Advance(10 * Second);

        Assert.Equal(1, probe.Probes);
        Assert.Equal(0, time.ActiveTimerCount);
        Assert.Equal(0, scheduler.PendingEntries);
    }

    [Fact]
    public void Statistics_ChecksOnTime_CompletionsCountedAndNoLateness()
    {
        var time = new ManualTimeProvider();
        using var scheduler = NewScheduler(time);
        using var a = Add(scheduler, new FakeHealthCheck(), Second, Second, Second);
        using var b = Add(scheduler, new FakeHealthCheck(), TimeSpan.FromMilliseconds(1500), Second, Second);

        time.Advance(2 * Second);

        var sample = scheduler.Statistics.Read();
        Assert.Equal(3, sample.Completed);
        Assert.Equal(0, sample.InFlight);
        Assert.Equal(TimeSpan.Zero, sample.Lateness); // each entry armed the timer for its own due time
    }

    [Fact]
    public void RunDue_AnyStartsAndPeriods_ProbeCountFollowsDelayLoopFromCompletion()
    {
        // Instant probes: a check first probed at s and every p after is probed 1 + floor((T - s) / p) times by T.
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 5000), Gen.Choose(1, 3000))).ToArbitrary(),
            pairs =>
            {
                var specs = pairs.Select(p => (Start: p.Item1, Period: p.Item2)).ToList();
                var time = new ManualTimeProvider();
                using var scheduler = NewScheduler(time);
                var probes = specs.Select(_ => new FakeHealthCheck()).ToList();
                var checks = specs.Select((s, i) => Add(scheduler, probes[i], TimeSpan.FromMilliseconds(s.Start), TimeSpan.FromMilliseconds(s.Period), Second)).ToList();
                const int total = 10_000;
                time.Advance(TimeSpan.FromMilliseconds(total));
                checks.ForEach(c => c.Dispose());
                return specs.Select((s, i) => probes[i].Probes == 1 + (total - s.Start) / s.Period).All(ok => ok);
            });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50), property);
    }
}
