namespace LvsDirector.Cli;

/// <summary>keepalived-compatible command line of lvs-director.</summary>
internal static class DirectorCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("lvs-director: no run mode implemented yet");
        return Task.FromResult(2);
    }
}
