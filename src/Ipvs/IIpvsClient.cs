using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;

namespace LvsDirector.Ipvs;

/// <summary>
/// The IPVS verbs, one per kernel command (moby/ipvs shape). Failures throw <see cref="NetlinkException"/>
/// naming the object ("add dest 198.51.100.11:80 to TCP 192.0.2.100:80: No such process (ESRCH)").
/// Implemented by <see cref="IpvsClient"/> over generic netlink, and by fakes in tests.
/// </summary>
internal interface IIpvsClient : IDisposable
{
    /// <summary>Netlink request messages sent so far (dumps count one each).</summary>
    long OperationCount { get; }

    Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<IpvsServiceEntry>> GetServicesAsync(CancellationToken cancellationToken);

    /// <summary>One service, or null if the kernel has no such service (ESRCH).</summary>
    Task<IpvsServiceEntry?> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<IpvsDestinationEntry>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken);

    /// <summary>
    /// The destinations of a service without their counters and statistics: what a reconcile compares (it re-reads
    /// every destination it manages each time, 100,000 in a large table).
    /// </summary>
    Task<IReadOnlyList<IpvsDestination>> GetDestinationSettingsAsync(IpvsServiceKey service, CancellationToken cancellationToken);

    Task NewServiceAsync(IpvsService service, CancellationToken cancellationToken);

    Task SetServiceAsync(IpvsService service, CancellationToken cancellationToken);

    Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken);

    Task NewDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken);

    Task SetDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken);

    Task DeleteDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken);

    Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken);

    Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken);

    Task<IReadOnlyList<IpvsSyncDaemon>> GetDaemonsAsync(CancellationToken cancellationToken);

    Task NewDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken);

    Task DeleteDaemonAsync(IpvsSyncDaemonState state, CancellationToken cancellationToken);

    /// <summary>Zeroes the counters of one service, or of every service when <paramref name="service"/> is null.</summary>
    Task ZeroAsync(IpvsServiceKey? service, CancellationToken cancellationToken);

    /// <summary>Deletes every service in the network namespace. Only on explicit request (flush-on-start/-stop).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends the changes batched (many per datagram) in the given order and returns one failure per refused
    /// change (empty when all were applied). The kernel applies each independently: one refusal does not stop the rest.
    /// </summary>
    Task<IReadOnlyList<IpvsChangeFailure>> ApplyChangesAsync(IReadOnlyList<IpvsChange> changes, CancellationToken cancellationToken);
}
