namespace LvsDirector.Ipvs.Configuration;

/// <summary>One validation error: where (e.g. "services[TCP 192.0.2.1:80].real_servers[198.51.100.1:80].weight") and what.</summary>
public sealed record IpvsOptionsError(string Path, string Message)
{
    public override string ToString() => Path + ": " + Message;
}
