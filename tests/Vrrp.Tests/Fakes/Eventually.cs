namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>
/// Waits for work handed to the thread pool (script loops, notify workers) to reach a condition.
/// Not a timing assertion: the bound only turns a hang into a failure.
/// </summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail($"never happened: {what}");
            await Task.Yield();
            Thread.Yield();
        }
    }
}
