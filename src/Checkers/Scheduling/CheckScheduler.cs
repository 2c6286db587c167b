using LvsDirector.Checkers.Checks;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Scheduling;

/// <summary>
/// Starts checks: each gets its own <see cref="ScheduledCheck"/>, first fired after a random warm-up in
/// [0, warmup] so thousands of checks configured together spread over the first interval instead of firing at once.
/// </summary>
internal sealed class CheckScheduler(TimeProvider timeProvider, Random random, ILogger logger)
{
    /// <summary>Totals over every check this scheduler started.</summary>
    public CheckStatistics Statistics { get; } = new();

    public ScheduledCheck Schedule(IHealthCheck probe, TimeSpan warmup, Func<TimeSpan> deadline, Func<CheckResult, TimeSpan> onCompleted, string name)
        => new(probe, timeProvider, InitialDelay(warmup), deadline, onCompleted, logger, name, Statistics);

    /// <summary>Uniform in [0, warmup]; zero when warm-up is disabled.</summary>
    public TimeSpan InitialDelay(TimeSpan warmup)
    {
        if (warmup <= TimeSpan.Zero) return TimeSpan.Zero;
        double fraction;
        lock (random) fraction = random.NextDouble();
        return TimeSpan.FromTicks((long)(warmup.Ticks * fraction));
    }
}
