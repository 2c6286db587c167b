namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>
/// Waits for work handed to the thread pool (script loops, notify workers) to reach a condition.
/// Not a timing assertion: the bound only turns a hang into a failure.
/// </summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > limit) Assert.Fail($"never happened: {what}");
            await Task.Yield();
            Thread.Yield();
        }
    }
}
