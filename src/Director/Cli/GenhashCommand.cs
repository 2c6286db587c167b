namespace LvsDirector.Cli;

/// <summary><c>lvs-director genhash</c>: keepalived's genhash options.</summary>
internal static class GenhashCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("lvs-director genhash: not wired yet");
        return Task.FromResult(2);
    }
}
