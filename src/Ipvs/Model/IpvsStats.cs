namespace LvsDirector.Ipvs.Model;

/// <summary>
/// IPVS counters and estimator rates (IPVS_STATS_ATTR_*): taken from STATS64 when the kernel sends it
/// (Linux 4.1+), otherwise from STATS (where everything but the byte counters is 32-bit).
/// </summary>
public sealed record IpvsStats
{
    public ulong Connections { get; init; }
    public ulong InPackets { get; init; }
    public ulong OutPackets { get; init; }
    public ulong InBytes { get; init; }
    public ulong OutBytes { get; init; }
    public ulong ConnectionsPerSecond { get; init; }
    public ulong InPacketsPerSecond { get; init; }
    public ulong OutPacketsPerSecond { get; init; }
    public ulong InBytesPerSecond { get; init; }
    public ulong OutBytesPerSecond { get; init; }

    public static IpvsStats Empty { get; } = new();
}
