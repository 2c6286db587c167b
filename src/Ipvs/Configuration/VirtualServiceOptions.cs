using System.Net.Sockets;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Configuration;

/// <summary>A configured virtual service and its real servers, keyed by <see cref="Key"/>.</summary>
public sealed record VirtualServiceOptions
{
    public required IpvsServiceKey Key { get; init; }

    /// <summary>One of <see cref="IpvsSchedulers.All"/>; keepalived's default is wlc.</summary>
    public string Scheduler { get; init; } = "wlc";

    /// <summary>one-packet, sh-/mh- fallback and port. <see cref="IpvsServiceFlags.Persistent"/> follows <see cref="PersistenceTimeoutSeconds"/>.</summary>
    public IpvsServiceFlags Flags { get; init; }

    /// <summary>Set = persistent service with this timeout (keepalived persistence_timeout).</summary>
    public uint? PersistenceTimeoutSeconds { get; init; }

    /// <summary>Persistence granularity: IPv4 mask as a number (0xFFFFFF00), IPv6 prefix length. Null = host (/32, /128).</summary>
    public uint? PersistenceNetmask { get; init; }

    /// <summary>Persistence engine ("sip").</summary>
    public string? PersistenceEngine { get; init; }

    public ValueList<RealServerOptions> RealServers { get; init; } = ValueList<RealServerOptions>.Empty;

    /// <summary>The service the kernel should hold.</summary>
    public IpvsService ToService()
    {
        var flags = Flags & IpvsServiceFlags.UserSettable & ~IpvsServiceFlags.Persistent;
        if (PersistenceTimeoutSeconds is not null) flags |= IpvsServiceFlags.Persistent;
        return new IpvsService
        {
            Key = Key,
            Scheduler = Scheduler,
            Flags = flags,
            TimeoutSeconds = PersistenceTimeoutSeconds ?? 0,
            Netmask = PersistenceNetmask ?? (Key.Family == AddressFamily.InterNetworkV6 ? IpvsService.DefaultIPv6Netmask : IpvsService.DefaultIPv4Netmask),
            PersistenceEngine = string.IsNullOrEmpty(PersistenceEngine) ? null : PersistenceEngine,
        };
    }
}
