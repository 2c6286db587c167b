using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// VMAC macvlans over rtnetlink (private mode, like keepalived) and their sysctls through
/// <see cref="SysctlManager"/>. The macvlan's own sysctls die with it; the parent's and the global
/// ones are restored when the last VMAC goes.
/// </summary>
internal sealed partial class NetlinkVmacManager : IVmacManager
{
    private readonly RouteNetlinkSocket _route;
    private readonly InterfaceInfo _interfaces;
    private readonly SysctlManager _sysctls;
    private readonly ILogger _logger;
    private readonly NetlinkAttributeWriter _writer = new(256);
    private readonly object _gate = new();

    public NetlinkVmacManager(RouteNetlinkSocket route, InterfaceInfo interfaces, SysctlManager sysctls, ILogger logger)
    {
        _route = route;
        _interfaces = interfaces;
        _sysctls = sysctls;
        _logger = logger;
    }

    public void Ensure(VrrpInstanceOptions options)
    {
        if (options.Vmac is not { } vmac) return;
        var name = vmac.EffectiveName(options.VirtualRouterId);
        var ipv6 = options.EffectiveFamily == AddressFamily.InterNetworkV6;
        var mac = RtnetlinkLinkMessages.VirtualRouterMac(options.VirtualRouterId, ipv6);
        lock (_gate)
        {
            var parent = _interfaces.GetIndex(options.Interface);
            if (parent == 0)
            {
                Log.Failed(_logger, name, options.Interface, Errno.ENODEV);
                return;
            }
            if (_interfaces.GetIndex(name) == 0)
            {
                _writer.Clear();
                RtnetlinkLinkMessages.WriteCreateMacvlan(_writer, name, parent, mac, RtnetlinkLinkMessages.MACVLAN_MODE_PRIVATE);
                var errno = _route.Execute(_writer);
                if (errno != 0 && errno != Errno.EEXIST)
                {
                    Log.Failed(_logger, name, options.Interface, errno);
                    return;
                }
                Log.Created(_logger, name, options.Interface, RtnetlinkLinkMessages.FormatMac(mac));
            }
            foreach (var (path, value) in VmacSysctls.ForVmac(name, ipv6)) _sysctls.Set(path, value);
            foreach (var (path, value) in VmacSysctls.ForParent(options.Interface)) _sysctls.Set(path, value);
            var index = _interfaces.GetIndex(name);
            _writer.Clear();
            RtnetlinkLinkMessages.WriteSetUp(_writer, index, up: true);
            var up = _route.Execute(_writer);
            if (up != 0) Log.Failed(_logger, name, options.Interface, up);
        }
    }

    public void Release(VrrpInstanceOptions options)
    {
        if (options.Vmac is not { } vmac) return;
        var name = vmac.EffectiveName(options.VirtualRouterId);
        lock (_gate)
        {
            foreach (var (path, _) in VmacSysctls.ForVmac(name, options.EffectiveFamily == AddressFamily.InterNetworkV6)) _sysctls.Release(path);
            foreach (var (path, _) in VmacSysctls.ForParent(options.Interface)) _sysctls.Release(path);
            var index = _interfaces.GetIndex(name);
            if (index == 0) return;
            _writer.Clear();
            RtnetlinkLinkMessages.WriteDelete(_writer, index);
            var errno = _route.Execute(_writer);
            if (errno == 0) Log.Deleted(_logger, name);
            else if (errno != Errno.ENODEV) Log.Failed(_logger, name, options.Interface, errno);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.VmacCreated, LogLevel.Information, "VMAC {Name} created on {Parent} with MAC {Mac}")]
        public static partial void Created(ILogger logger, string name, string parent, string mac);

        [LoggerMessage(EventIds.VmacDeleted, LogLevel.Information, "VMAC {Name} deleted")]
        public static partial void Deleted(ILogger logger, string name);

        [LoggerMessage(EventIds.VmacFailed, LogLevel.Error, "cannot set up VMAC {Name} on {Parent}: {Errno}")]
        public static partial void Failed(ILogger logger, string name, string parent, Errno errno);
    }
}
