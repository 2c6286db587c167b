namespace LvsDirector.Ipvs.Model;

/// <summary>The scheduler names of mainline Linux (net/netfilter/ipvs/ip_vs_*.c), for validation.</summary>
public static class IpvsSchedulers
{
    public static IReadOnlyList<string> All { get; } = new[]
    {
        "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos",
    };

    /// <summary>IP_VS_SCHEDNAME_MAXLEN - 1.</summary>
    public const int MaxNameLength = 15;

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
