using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// keepalived's handling of deleted static entries (vrrp_netlink.c, vrrp_static_track.c): a static address or
/// route without <c>no_track</c> that disappears (someone ran <c>ip addr del</c>, or its device went down and the
/// kernel dropped its routes) is put back, once its device is up again. The kernel is asked on every
/// address/route/link event, on each reload and on the monitor's slow safety poll. Checks run on the thread pool,
/// one at a time; events arriving meanwhile coalesce into one more check. Rules are not re-added (keepalived
/// does not either).
/// </summary>
internal sealed partial class StaticEntryKeeper
{
    private const string Owner = "static";
    private readonly IStaticEntryProbe _probe;
    private readonly IVirtualAddressManager _addresses;
    private readonly IVirtualRouteManager _routes;
    private readonly Func<string, bool> _isInterfaceUp;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CoalescedWork _check;
    private StaticNetworkOptions _kept = new();

    public StaticEntryKeeper(IStaticEntryProbe probe, IVirtualAddressManager addresses, IVirtualRouteManager routes, Func<string, bool> isInterfaceUp, ILogger logger)
    {
        _probe = probe;
        _addresses = addresses;
        _routes = routes;
        _isInterfaceUp = isInterfaceUp;
        _logger = logger;
        _check = new CoalescedWork(CheckNow, ex => Log.CheckFailed(_logger, ex));
    }

    /// <summary>The static entries kept after a reload (those without no_track).</summary>
    public void Configure(StaticNetworkOptions statics)
    {
        lock (_gate)
        {
            _kept = new StaticNetworkOptions
            {
                Addresses = new(statics.Addresses.Where(a => !a.NoTrack)),
                Routes = new(statics.Routes.Where(r => !r.NoTrack)),
            };
        }
    }

    /// <summary>
    /// rtnetlink reported a change: the kernel is asked (on the thread pool) only if it may concern a kept entry —
    /// one of them deleted, a link event (IPv4 drops a device's routes without RTM_DELROUTE), or lost events — so a
    /// router carrying a full BGP table is not dumped on every route it learns.
    /// </summary>
    public void OnNetworkChanged(NetworkChange change)
    {
        StaticNetworkOptions kept;
        lock (_gate) kept = _kept;
        if (kept.IsEmpty || !Concerns(kept, change)) return;
        _check.Request();
    }

    internal static bool Concerns(StaticNetworkOptions kept, NetworkChange change) =>
        change.Resync
        || ((change.Events & RouteEvents.Link) != 0 && (change.Events & RouteEvents.Poll) == 0)
        || change.DeletedRoutes.Any(k => kept.Routes.Any(k.Matches))
        || change.DeletedAddresses.Any(d => kept.Addresses.Any(a => a.Address.Equals(d.Address) && a.EffectivePrefixLength == d.PrefixLength));

    /// <summary>Puts back what is missing now, on devices that are up.</summary>
    public void CheckNow()
    {
        StaticNetworkOptions kept;
        lock (_gate) kept = _kept;
        if (kept.IsEmpty) return;
        var missing = _probe.FindMissing(kept);
        if (missing.IsEmpty) return;
        lock (_gate)
        {
            // A reload or stop since the probe: what was missing may be meant to be gone now.
            // Adding under the lock makes Configure wait for an add in flight.
            if (!ReferenceEquals(kept, _kept)) return;
            foreach (var address in missing.Addresses.Where(a => a.Device is { } d && _isInterfaceUp(d)))
            {
                Log.Restoring(_logger, "address", address.ToString());
                _addresses.Add(Owner, [address], address.Device!);
            }
            var routes = missing.Routes.Where(r => r.Device is not { } d || _isInterfaceUp(d)).ToList();
            foreach (var route in routes) Log.Restoring(_logger, "route", route.ToString());
            if (routes.Count > 0) _routes.Add(Owner, routes, []);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.StaticEntryRestored, LogLevel.Information, "Restoring deleted static {Kind} {Entry}")]
        public static partial void Restoring(ILogger logger, string kind, string entry);

        [LoggerMessage(EventIds.StaticEntryCheckFailed, LogLevel.Error, "Checking the static addresses and routes failed")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
