namespace LvsDirector.Vrrp.Configuration;

/// <summary>One validation error: the path of the offending option (e.g. <c>instances.VI_1.priority</c>) and what is wrong.</summary>
public sealed record VrrpOptionsError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
