using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>Routes and rules over the router's synchronous rtnetlink socket; one log line per change, keepalived's wording.</summary>
internal sealed partial class NetlinkVirtualRouteManager : IVirtualRouteManager
{
    private readonly RouteNetlinkSocket _route;
    private readonly InterfaceInfo _interfaces;
    private readonly ILogger _logger;
    private readonly NetlinkAttributeWriter _writer = new(512);
    private readonly object _gate = new();

    public NetlinkVirtualRouteManager(RouteNetlinkSocket route, InterfaceInfo interfaces, ILogger logger)
    {
        _route = route;
        _interfaces = interfaces;
        _logger = logger;
    }

    public void Add(string owner, IReadOnlyList<VirtualRouteOptions> routes, IReadOnlyList<VirtualRuleOptions> rules)
    {
        // Routes before rules: a rule pointing at a table is only useful once the table has its routes.
        foreach (var route in routes)
        {
            var errno = Execute(route, add: true);
            if (errno == 0) Log.RouteAdded(_logger, owner, route.ToString());
            else if (errno != Errno.EEXIST) Log.Failed(_logger, owner, "add", "route", route.ToString(), errno);
        }
        foreach (var rule in rules)
        {
            var errno = Execute(rule, add: true);
            if (errno == 0) Log.RuleAdded(_logger, owner, rule.ToString());
            else if (errno != Errno.EEXIST) Log.Failed(_logger, owner, "add", "rule", rule.ToString(), errno);
        }
    }

    public void Remove(string owner, IReadOnlyList<VirtualRouteOptions> routes, IReadOnlyList<VirtualRuleOptions> rules)
    {
        foreach (var rule in rules)
        {
            var errno = Execute(rule, add: false);
            if (errno == 0) Log.RuleRemoved(_logger, owner, rule.ToString());
            else if (errno is not (Errno.ENOENT or Errno.ESRCH)) Log.Failed(_logger, owner, "remove", "rule", rule.ToString(), errno);
        }
        foreach (var route in routes)
        {
            var errno = Execute(route, add: false);
            if (errno == 0) Log.RouteRemoved(_logger, owner, route.ToString());
            // Already gone (its device went away, or it was never added): nothing to do.
            else if (errno is not (Errno.ESRCH or Errno.ENOENT or Errno.ENODEV)) Log.Failed(_logger, owner, "remove", "route", route.ToString(), errno);
        }
    }

    private Errno Execute(VirtualRouteOptions route, bool add)
    {
        if (!DevicesExist(route)) return Errno.ENODEV;
        uint? vrfTable = null;
        if (route.Vrf is { } vrf && route.Table is null)
        {
            // keepalived: a route in a VRF goes in the VRF device's table; no such VRF, no route.
            vrfTable = FindVrfTable(vrf);
            if (vrfTable is null) return Errno.ENODEV;
        }
        lock (_gate)
        {
            _writer.Clear();
            if (add) RtnetlinkRouteMessages.WriteAdd(_writer, route, _interfaces.GetIndex, _ => vrfTable);
            else RtnetlinkRouteMessages.WriteDelete(_writer, route, _interfaces.GetIndex, _ => vrfTable);
            return _route.Execute(_writer);
        }
    }

    /// <summary>The table of VRF device <paramref name="name"/> (IFLA_VRF_TABLE), from an RTM_GETLINK dump; null if there is none.</summary>
    private uint? FindVrfTable(string name)
    {
        uint? table = null;
        lock (_gate)
        {
            _writer.Clear();
            RtnetlinkLinkMessages.WriteDump(_writer);
            var errno = _route.Dump(_writer, (payload, type) =>
            {
                if (table is null && type == RtnetlinkLinkMessages.RTM_NEWLINK && RtnetlinkLinkMessages.TryReadVrfTable(payload, name, out var t)) table = t;
            });
            return errno == 0 ? table : null;
        }
    }

    private Errno Execute(VirtualRuleOptions rule, bool add)
    {
        lock (_gate)
        {
            _writer.Clear();
            if (add) RtnetlinkRuleMessages.WriteAdd(_writer, rule);
            else RtnetlinkRuleMessages.WriteDelete(_writer, rule);
            return _route.Execute(_writer);
        }
    }

    private bool DevicesExist(VirtualRouteOptions route) =>
        (route.Device is null || _interfaces.GetIndex(route.Device) != 0)
        && route.Nexthops.All(h => h.Device is null || _interfaces.GetIndex(h.Device) != 0);

    private static partial class Log
    {
        [LoggerMessage(EventIds.RouteAdded, LogLevel.Information, "({Owner}) setting route {Route}")]
        public static partial void RouteAdded(ILogger logger, string owner, string route);

        [LoggerMessage(EventIds.RouteRemoved, LogLevel.Information, "({Owner}) removing route {Route}")]
        public static partial void RouteRemoved(ILogger logger, string owner, string route);

        [LoggerMessage(EventIds.RuleAdded, LogLevel.Information, "({Owner}) setting rule {Rule}")]
        public static partial void RuleAdded(ILogger logger, string owner, string rule);

        [LoggerMessage(EventIds.RuleRemoved, LogLevel.Information, "({Owner}) removing rule {Rule}")]
        public static partial void RuleRemoved(ILogger logger, string owner, string rule);

        [LoggerMessage(EventIds.RouteChangeFailed, LogLevel.Error, "({Owner}) could not {Operation} {Kind} {Entry}: {Errno}")]
        public static partial void Failed(ILogger logger, string owner, string operation, string kind, string entry, Errno errno);
    }
}
