using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Scheduling;
using LvsDirector.Checkers.Tests.Fakes;
using LvsDirector.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Scheduling;

public class ScheduledCheckTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static ScheduledCheck Start(ManualTimeProvider time, FakeHealthCheck probe, TimeSpan initial, TimeSpan next, TimeSpan deadline, List<CheckResult> results) =>
        Start(Scheduler(time), probe, initial, next, deadline, results);

    private static ScheduledCheck Start(CheckScheduler scheduler, FakeHealthCheck probe, TimeSpan initial, TimeSpan next, TimeSpan deadline, List<CheckResult> results) =>
        Schedule(scheduler, probe, initial, () => deadline, r =>
        {
            lock (results) results.Add(r);
            return next;
        }, "test");

    private static CheckScheduler Scheduler(ManualTimeProvider time) => new(time, new Random(1), NullLogger.Instance);

    /// <summary>A check with an exact first delay (the scheduler's Schedule draws it from the warm-up).</summary>
    private static ScheduledCheck Schedule(CheckScheduler scheduler, IHealthCheck probe, TimeSpan initial, Func<TimeSpan> deadline, Func<CheckResult, TimeSpan> onCompleted, string name) =>
        new(scheduler, probe, initial, deadline, onCompleted, name, startInline: true);

    /// <summary>A check of <paramref name="probe"/> that records its results, its first probe started (then one every second after each result).</summary>
    private static Started FirstProbe(IHealthCheck probe, TimeSpan deadline)
    {
        var time = new ManualTimeProvider();
        var results = new List<CheckResult>();
        var check = new ScheduledCheck(Scheduler(time), probe, TimeSpan.Zero, () => deadline, r =>
        {
            lock (results) results.Add(r);
            return Second;
        }, "controlled", startInline: true);
        time.Advance(TimeSpan.Zero);
        return new Started(time, check, results);
    }

    private sealed record Started(ManualTimeProvider Time, ScheduledCheck Check, List<CheckResult> Results) : IDisposable
    {
        public void Dispose() => Check.Dispose();
    }

    [Fact]
    public void Timer_InitialDelayThenEveryPeriodAfterCompletion()
    {
        var time = new ManualTimeProvider();
        var probe = new FakeHealthCheck();
        var results = new List<CheckResult>();
        using var check = Start(time, probe, 3 * Second, 10 * Second, 5 * Second, results);

        time.Advance(3 * Second - TimeSpan.FromTicks(1));
        Assert.Equal(0, probe.Probes);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, probe.Probes);
        time.Advance(10 * Second);
        Assert.Equal(2, probe.Probes);
        time.Advance(25 * Second);
        Assert.Equal(4, probe.Probes);
        Assert.All(results, r => Assert.True(r.Success));
    }

    [Fact]
    public async Task Probe_HungServer_FailsAtDeadlineAndNeverOverlaps()
    {
        var time = new ManualTimeProvider();
        var probe = new FakeHealthCheck { Hang = true };
        var results = new List<CheckResult>();
        var completed = new SemaphoreSlim(0);
        using var check = Schedule(Scheduler(time), probe, TimeSpan.Zero, () => 2 * Second, r =>
        {
            lock (results) results.Add(r);
            completed.Release();
            return Second;
        }, "hung");

        time.Advance(TimeSpan.Zero);
        time.Advance(Second); // not yet at the deadline: still running, timer not re-armed
        Assert.Equal(1, probe.Probes);
        time.Advance(Second); // deadline
        Assert.True(await completed.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.False(results[0].Success);
        Assert.Contains("deadline", results[0].Reason);
        Assert.Equal(1, probe.MaxConcurrent);
    }

    [Fact]
    public async Task Probe_OneHungCheck_OtherCheckKeepsItsSchedule()
    {
        var time = new ManualTimeProvider();
        var hung = new FakeHealthCheck { Hang = true };
        var healthy = new FakeHealthCheck();
        var hungResults = new List<CheckResult>();
        var healthyResults = new List<CheckResult>();
        var scheduler = Scheduler(time);
        using var a = Start(scheduler, hung, TimeSpan.Zero, Second, TimeSpan.FromSeconds(30), hungResults);
        using var b = Start(scheduler, healthy, TimeSpan.Zero, Second, TimeSpan.FromSeconds(30), healthyResults);

        for (var i = 0; i < 10; i++) time.Advance(Second);

        Assert.Equal(1, hung.Probes);
        Assert.Equal(11, healthy.Probes);
        Assert.Empty(hungResults);
        await Task.CompletedTask;
    }

    [Fact]
    public void ChangePeriod_WhileWaiting_NextProbeMovesToLastCompletionPlusNewPeriod()
    {
        var time = new ManualTimeProvider();
        var probe = new FakeHealthCheck();
        using var check = Start(time, probe, TimeSpan.Zero, 60 * Second, 5 * Second, []);
        time.Advance(TimeSpan.Zero);
        time.Advance(4 * Second);

        check.ChangePeriod(5 * Second);
        time.Advance(Second);

        Assert.Equal(2, probe.Probes);
    }

    [Fact]
    public void Dispose_StopsTheTimerAndCancelsTheRunningProbe()
    {
        var time = new ManualTimeProvider();
        var probe = new FakeHealthCheck { Hang = true };
        var check = Start(time, probe, TimeSpan.Zero, Second, 100 * Second, []);
        time.Advance(TimeSpan.Zero);

        check.Dispose();

        Assert.True(probe.Tokens[0].IsCancellationRequested);
        time.Advance(200 * Second);
        Assert.Equal(1, probe.Probes);
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public void InitialDelay_Warmup_UniformWithinWarmupAndZeroWhenDisabled()
    {
        var scheduler = new CheckScheduler(new ManualTimeProvider(), new Random(42), NullLogger.Instance);
        var delays = Enumerable.Range(0, 1000).Select(_ => scheduler.InitialDelay(10 * Second)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, 10 * Second));
        // Spread: every tenth of the window gets some checks.
        Assert.Equal(10, delays.Select(d => (int)(d.TotalSeconds)).Distinct().Count());
        Assert.Equal(TimeSpan.Zero, scheduler.InitialDelay(TimeSpan.Zero));
    }

    [Fact]
    public async Task Statistics_HungThenCompleted_CountsInFlightAndProbeTime()
    {
        var time = new ManualTimeProvider();
        var scheduler = Scheduler(time);
        var statistics = scheduler.Statistics;
        var probe = new FakeHealthCheck { Hang = true };
        var completed = new SemaphoreSlim(0);
        using var check = Schedule(scheduler, probe, Second, () => 2 * Second, _ =>
        {
            completed.Release();
            return Second;
        }, "hung");

        time.Advance(Second);
        Assert.Equal(new CheckStatisticsSample(1, 0, TimeSpan.Zero, TimeSpan.Zero), statistics.Read());
        Assert.Equal(1, statistics.Read().InFlight);
        time.Advance(2 * Second); // deadline
        Assert.True(await completed.WaitAsync(TimeSpan.FromSeconds(10)));

        var sample = statistics.Read();
        Assert.Equal(0, sample.InFlight);
        Assert.Equal(2 * Second, sample.ProbeTime);
        Assert.Equal(TimeSpan.Zero, sample.Lateness); // the manual clock fires every timer on time
    }

    [Fact]
    public void Statistics_Since_DifferenceOfTwoSamples()
    {
        var earlier = new CheckStatisticsSample(10, 8, 8 * Second, Second);
        var later = new CheckStatisticsSample(25, 22, 20 * Second, 3 * Second);

        Assert.Equal(new CheckStatisticsSample(15, 14, 12 * Second, 2 * Second), later.Since(earlier));
        Assert.Equal(3, later.InFlight);
    }

    [Fact]
    public void Probe_OneSourceReusedForEveryAttempt_EachAttemptsOwnResultInOrder()
    {
        var probe = new ControlledHealthCheck { ReuseSource = true };
        using var started = FirstProbe(probe, 5 * Second);
        var results = started.Results;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (attempt > 0) started.Time.Advance(Second);
            Assert.Equal(attempt + 1, probe.Probes);
            Assert.Equal(attempt, results.Count); // pending until the test ends it
            probe.Complete(0, attempt % 2 == 0 ? CheckResult.Pass(TimeSpan.Zero, $"pass {attempt}") : CheckResult.Fail($"fail {attempt}", TimeSpan.Zero));
        }

        Assert.Equal(["pass 0", "fail 1", "pass 2", "fail 3", "pass 4"], results.Select(r => r.Reason));
        Assert.Equal([true, false, true, false, true], results.Select(r => r.Success));
        // Every attempt had a token of its own probe, none cancelled: no deadline passed.
        Assert.All(probe.Tokens, t => Assert.False(t.IsCancellationRequested));
    }

    [Fact]
    public void Probe_ThrowsBeforeReturning_FailsAsProbeErrorAndTheCheckGoesOn()
    {
        var probe = new FakeHealthCheck { OnProbe = () => throw new InvalidOperationException("broken probe") };
        using var started = FirstProbe(probe, 5 * Second);
        var results = started.Results;

        probe.OnProbe = null;
        started.Time.Advance(Second);

        Assert.Equal(2, results.Count);
        Assert.False(results[0].Success);
        Assert.Equal("probe error: broken probe", results[0].Reason);
        Assert.True(results[1].Success);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Probe_FailsLaterWithAnError_FailsAsProbeError(bool reuseSource)
    {
        var probe = new ControlledHealthCheck { ReuseSource = reuseSource };
        using var started = FirstProbe(probe, 5 * Second);
        started.Time.Advance(Second);

        probe.Fail(0, new IOException("late failure"));

        var result = Assert.Single(started.Results);
        Assert.False(result.Success);
        Assert.Equal("probe error: late failure", result.Reason);
        Assert.Equal(Second, result.Latency);
    }

    [Fact]
    public void Probe_CancelledByItsDeadline_FailsWithTheDeadlineNotAsProbeError()
    {
        var probe = new ControlledHealthCheck();
        using var started = FirstProbe(probe, 2 * Second);

        started.Time.Advance(2 * Second);
        Assert.True(probe.Tokens[0].IsCancellationRequested);
        probe.Fail(0, new OperationCanceledException(probe.Tokens[0])); // the probe honours its token, after the deadline's verdict

        var result = Assert.Single(started.Results);
        Assert.Equal("deadline of 2 s exceeded", result.Reason);
    }

    [Fact]
    public void Probe_AbandonedPastItsDeadline_NextProbeRunsAndTheLateOutcomeIsIgnored()
    {
        var probe = new ControlledHealthCheck();
        using var started = FirstProbe(probe, 2 * Second);
        var (time, results) = (started.Time, started.Results);
        time.Advance(2 * Second); // deadline: the first probe ignores its cancelled token and stays pending
        time.Advance(Second);     // the next probe starts while the first still holds its waiter
        Assert.Equal(2, probe.Probes);

        probe.Complete(0, CheckResult.Pass(TimeSpan.Zero, "too late"));
        probe.Complete(1, CheckResult.Fail("second", TimeSpan.Zero));
        time.Advance(Second);
        probe.Complete(2, CheckResult.Pass(TimeSpan.Zero, "third"));

        Assert.Equal(["deadline of 2 s exceeded", "second", "third"], results.Select(r => r.Reason));
    }

    [Fact]
    public async Task Probe_StartedOnTheThreadPool_RunsOffTheLoopAndReportsItsResult()
    {
        var time = new ManualTimeProvider();
        var onPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new FakeHealthCheck { OnProbe = () => onPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread) };
        var done = new TaskCompletionSource<CheckResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var check = new ScheduledCheck(Scheduler(time), probe, TimeSpan.Zero, () => 5 * Second, r =>
        {
            done.TrySetResult(r);
            return Timeout.InfiniteTimeSpan;
        }, "pool", startInline: false);

        time.Advance(TimeSpan.Zero);

        Assert.True((await done.Task.WaitAsync(TimeSpan.FromSeconds(30))).Success);
        Assert.True(await onPool.Task);
    }

    [Fact]
    public void Dispose_DisposesWhatTheProbeKeeps_OnceAndNotBefore()
    {
        var time = new ManualTimeProvider();
        var probe = new KeepingProbe();
        var results = new List<CheckResult>();
        var check = Schedule(Scheduler(time), probe, TimeSpan.Zero, () => 5 * Second, r =>
        {
            lock (results) results.Add(r);
            return Second;
        }, "keeping");
        time.Advance(TimeSpan.Zero);
        time.Advance(Second);
        Assert.Equal((2, 0), (results.Count, probe.Disposals));

        check.Dispose();
        check.Dispose();

        Assert.Equal(1, probe.Disposals);
    }

    [Fact]
    public void Park_DueStartDropped_ResumeProbesAfterTheDelayThenEveryPeriod()
    {
        var time = new ManualTimeProvider();
        var probe = new FakeHealthCheck();
        var results = new List<CheckResult>();
        using var check = Start(time, probe, Second, Second, 5 * Second, results);
        time.Advance(Second);
        Assert.Equal(1, probe.Probes);

        check.Park();
        check.ChangePeriod(2 * Second); // a reload while parked arms nothing
        time.Advance(10 * Second);
        Assert.Equal(1, probe.Probes);

        check.Resume(3 * Second);
        check.Resume(TimeSpan.Zero); // already resumed: ignored
        time.Advance(3 * Second - TimeSpan.FromTicks(1));
        Assert.Equal(1, probe.Probes);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(2, probe.Probes);
        time.Advance(Second);
        Assert.Equal(3, probe.Probes);
    }

    [Fact]
    public void Park_ProbeInFlight_ItsResultArrivesButNothingFollowsUntilResumed()
    {
        var time = new ManualTimeProvider();
        var probe = new ControlledHealthCheck();
        var results = new List<CheckResult>();
        using var check = Schedule(Scheduler(time), probe, TimeSpan.Zero, () => 5 * Second, r =>
        {
            lock (results) results.Add(r);
            return Second;
        }, "in flight");
        time.Advance(TimeSpan.Zero);

        check.Park();
        probe.Complete(0, CheckResult.Pass(TimeSpan.Zero, "ok"));
        time.Advance(10 * Second);

        Assert.Single(results);
        Assert.Equal(1, probe.Probes);
        check.Resume(TimeSpan.Zero);
        time.Advance(TimeSpan.Zero);
        Assert.Equal(2, probe.Probes);
    }

    [Fact]
    public void Schedule_Parked_NoProbeUntilResumed()
    {
        var time = new ManualTimeProvider();
        var probe = new FakeHealthCheck();
        using var check = new ScheduledCheck(Scheduler(time), probe, TimeSpan.Zero, () => 5 * Second, _ => Second, "parked", startInline: true, parked: true);

        time.Advance(10 * Second);
        Assert.Equal(0, probe.Probes);

        check.Resume(Second);
        time.Advance(Second);
        Assert.Equal(1, probe.Probes);
    }

    // A probe that keeps something between probes (a socket, as TCP_CHECK and HTTP_GET do): it counts its disposals.
    private sealed class KeepingProbe : IHealthCheck, IDisposable
    {
        public int Disposals { get; private set; }

        public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(CheckResult.Pass(TimeSpan.Zero, "ok"));

        public void Dispose() => Disposals++;
    }
}
