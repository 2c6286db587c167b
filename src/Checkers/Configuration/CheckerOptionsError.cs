namespace LvsDirector.Checkers.Configuration;

/// <summary>One validation error: where (e.g. <c>services[web].real_servers[192.0.2.1:80].checks[0].urls[0].digest</c>) and what.</summary>
public sealed record CheckerOptionsError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
