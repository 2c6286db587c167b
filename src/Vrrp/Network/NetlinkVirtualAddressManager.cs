using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>Adds and removes virtual addresses with RTM_NEWADDR / RTM_DELADDR; failures are logged, never thrown.</summary>
internal sealed partial class NetlinkVirtualAddressManager : IVirtualAddressManager
{
    private readonly RouteNetlinkSocket _route;
    private readonly InterfaceInfo _interfaces;
    private readonly ILogger _logger;
    private readonly NetlinkAttributeWriter _writer = new(256);
    private readonly object _gate = new();

    public NetlinkVirtualAddressManager(RouteNetlinkSocket route, InterfaceInfo interfaces, ILogger logger)
    {
        _route = route;
        _interfaces = interfaces;
        _logger = logger;
    }

    public void Add(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice)
    {
        foreach (var address in addresses)
        {
            var device = address.Device ?? defaultDevice;
            var errno = Execute(address, device, add: true);
            if (errno == 0) Log.Added(_logger, instance, address.ToString(), device);
            else if (errno != Errno.EEXIST) Log.Failed(_logger, instance, "add", address.ToString(), device, errno);
        }
    }

    public void Remove(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice)
    {
        foreach (var address in addresses)
        {
            var device = address.Device ?? defaultDevice;
            var errno = Execute(address, device, add: false);
            if (errno == 0) Log.Removed(_logger, instance, address.ToString(), device);
            // Already gone (another path removed it, or it was never there): nothing to do.
            else if (errno is not (Errno.EADDRNOTAVAIL or Errno.ENOENT or Errno.ENODEV)) Log.Failed(_logger, instance, "remove", address.ToString(), device, errno);
        }
    }

    private Errno Execute(VirtualAddressOptions address, string device, bool add)
    {
        var index = _interfaces.GetIndex(device);
        if (index == 0) return Errno.ENODEV;
        lock (_gate)
        {
            _writer.Clear();
            if (add) RtnetlinkAddressMessages.WriteAdd(_writer, address, index);
            else RtnetlinkAddressMessages.WriteDelete(_writer, address, index);
            return _route.Execute(_writer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AddressAdded, LogLevel.Information, "({Instance}) setting VIP {Address} on {Device}")]
        public static partial void Added(ILogger logger, string instance, string address, string device);

        [LoggerMessage(EventIds.AddressRemoved, LogLevel.Information, "({Instance}) removing VIP {Address} from {Device}")]
        public static partial void Removed(ILogger logger, string instance, string address, string device);

        [LoggerMessage(EventIds.AddressChangeFailed, LogLevel.Error, "({Instance}) could not {Operation} VIP {Address} on {Device}: {Errno}")]
        public static partial void Failed(ILogger logger, string instance, string operation, string address, string device, Errno errno);
    }
}
