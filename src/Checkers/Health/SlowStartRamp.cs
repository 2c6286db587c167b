namespace LvsDirector.Checkers.Health;

/// <summary>Extension <c>slow_start</c>: a returning server's weight climbs linearly from 1 to its target in ten steps.</summary>
internal static class SlowStartRamp
{
    public const int Steps = 10;

    public static TimeSpan StepInterval(TimeSpan duration) => duration / Steps;

    public static int Weight(int target, TimeSpan elapsed, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || elapsed >= duration || target <= 1) return target;
        if (elapsed < TimeSpan.Zero) elapsed = TimeSpan.Zero;
        var steps = (int)(elapsed.Ticks * Steps / duration.Ticks); // 0..Steps-1: the step reached
        var weight = (long)target * (steps + 1) / Steps;
        return (int)Math.Clamp(weight, 1, target);
    }
}
