namespace LvsDirector.Cli;

/// <summary>The long-running modes (-P VRRP, -C LVS and checkers, or both).</summary>
internal static class RunModes
{
    public static Task<int> RunAsync(DirectorOptions options)
    {
        Console.Error.WriteLine("lvs-director: the run modes are not wired yet; use --config-test or --dump-conf=json");
        return Task.FromResult(2);
    }
}
