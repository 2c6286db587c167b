using System.Runtime.CompilerServices;
using LvsDirector.Checkers.Checks;

namespace LvsDirector.Checkers.Scheduling;

internal sealed partial class ScheduledCheck
{
    /// <summary>
    /// Runs one probe and hands its outcome to the check: what an <c>async Task</c> per probe did, without the task. The
    /// check keeps one and reuses it from probe to probe (a probe's continuation is a delegate made once); only while an
    /// abandoned probe (past its deadline, ignoring its token) still holds it does the next probe get a new one.
    /// A work item itself, for the checks that start on the thread pool.
    /// </summary>
    private sealed class ProbeWaiter : IThreadPoolWorkItem
    {
        private readonly ScheduledCheck _check;
        private readonly Action _continuation;
        private ConfiguredValueTaskAwaitable<CheckResult>.ConfiguredValueTaskAwaiter _awaiter;
        private long _probe;
        private CancellationToken _token;
        // 1 from Acquire until the probe's outcome has been read.
        private int _busy;

        public ProbeWaiter(ScheduledCheck check)
        {
            _check = check;
            _continuation = OnProbeCompleted;
        }

        /// <summary>Takes the waiter for one probe: false while an earlier probe still holds it.</summary>
        public bool TryAcquire() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

        /// <summary>The probe this (acquired) waiter runs next: set before <see cref="Run"/> or queueing it.</summary>
        public void Prepare(long probe, CancellationToken token)
        {
            _probe = probe;
            _token = token;
        }

        void IThreadPoolWorkItem.Execute() => Run();

        /// <summary>Starts the probe; its outcome goes to the check when it completes (at once, or from its continuation).</summary>
        public void Run()
        {
            ValueTask<CheckResult> pending;
            try
            {
                pending = _check._probe.ProbeAsync(_token);
            }
            catch (Exception e)
            {
                End(null, e);
                return;
            }
            _awaiter = pending.ConfigureAwait(false).GetAwaiter();
            if (_awaiter.IsCompleted)
            {
                OnProbeCompleted();
                return;
            }
            // No execution context flows (the probe's own awaits do not capture one either): the check needs none.
            _awaiter.UnsafeOnCompleted(_continuation);
        }

        private void OnProbeCompleted()
        {
            var awaiter = _awaiter;
            _awaiter = default;
            CheckResult result;
            try
            {
                result = awaiter.GetResult();
            }
            catch (Exception e)
            {
                End(null, e);
                return;
            }
            End(result, null);
        }

        // Released before the check handles the outcome: the check's next probe, which that may arm, can reuse it.
        private void End(CheckResult? result, Exception? error)
        {
            var probe = _probe;
            var token = _token;
            _token = default;
            Volatile.Write(ref _busy, 0);
            _check.ProbeEnded(probe, token, result, error);
        }
    }
}
