namespace LvsDirector.Ipvs.Model;

/// <summary>
/// A virtual service's settings, as NEW_SERVICE/SET_SERVICE carry them (IPVS_SVC_ATTR_*). Counters are not
/// part of it (see <see cref="IpvsServiceEntry"/>), so two services compare equal exactly when the kernel
/// needs no change.
/// </summary>
public sealed record IpvsService
{
    /// <summary>IPv4 persistence netmask default: 255.255.255.255 (one client address per template).</summary>
    public const uint DefaultIPv4Netmask = 0xFFFF_FFFF;

    /// <summary>IPv6 persistence netmask default: prefix length 128.</summary>
    public const uint DefaultIPv6Netmask = 128;

    public required IpvsServiceKey Key { get; init; }

    /// <summary>rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos (IPVS_SVC_ATTR_SCHED_NAME).</summary>
    public string Scheduler { get; init; } = "wlc";

    /// <summary>Only <see cref="IpvsServiceFlags.UserSettable"/> bits; the kernel's HASHED bit is dropped on decode.</summary>
    public IpvsServiceFlags Flags { get; init; }

    /// <summary>Persistence timeout in seconds (IPVS_SVC_ATTR_TIMEOUT).</summary>
    public uint TimeoutSeconds { get; init; }

    /// <summary>
    /// Persistence granularity (IPVS_SVC_ATTR_NETMASK). IPv4: the mask as a number (0xFFFFFF00 for /24; sent
    /// big-endian). IPv6: the prefix length (sent native). Defaults per family when 0 is given to <see cref="WithDefaults"/>.
    /// </summary>
    public uint Netmask { get; init; }

    /// <summary>Persistence engine (IPVS_SVC_ATTR_PE_NAME): null or "sip".</summary>
    public string? PersistenceEngine { get; init; }

    /// <summary>This service with a zero netmask replaced by the family default.</summary>
    public IpvsService WithDefaults() =>
        Netmask != 0 ? this : this with { Netmask = Key.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DefaultIPv6Netmask : DefaultIPv4Netmask };
}
