using System.Net;

namespace LvsDirector.Ipvs.Model;

/// <summary>
/// A connection-synchronisation daemon (IPVS_DAEMON_ATTR_*). The optional fields need Linux 4.3; null means
/// "not sent" (kernel default: group 224.0.0.81, port 8848). Current kernels always report them.
/// </summary>
public sealed record IpvsSyncDaemon
{
    public required IpvsSyncDaemonState State { get; init; }

    /// <summary>Multicast interface (IPVS_DAEMON_ATTR_MCAST_IFN, at most 15 characters).</summary>
    public required string Interface { get; init; }

    /// <summary>0..255.</summary>
    public uint SyncId { get; init; }

    /// <summary>IPVS_DAEMON_ATTR_SYNC_MAXLEN: UDP payload size.</summary>
    public ushort? MaxLength { get; init; }

    /// <summary>IPVS_DAEMON_ATTR_MCAST_GROUP (IPv4) or MCAST_GROUP6.</summary>
    public IPAddress? Group { get; init; }

    public ushort? Port { get; init; }

    public byte? Ttl { get; init; }

    public override string ToString() => $"sync daemon {State.ToString().ToLowerInvariant()} on {Interface} syncid {SyncId}";
}
