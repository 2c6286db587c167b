using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// VMAC macvlans over rtnetlink (private mode, like keepalived) and their sysctls through
/// <see cref="SysctlManager"/>. The macvlan's own sysctls die with it; the parent's and the global
/// ones are restored when the last VMAC goes. An IPv6 VMAC (00:00:5e:00:02:VRID) gets addrgenmode none
/// before it comes up (both routers' VMACs share the MAC, so EUI-64 link-locals would collide) and
/// then, as keepalived does, the parent's link-local address (no DAD): adverts leave the VMAC from the
/// same source address they would have on the parent.
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
            var index = _interfaces.GetIndex(name);
            if (ipv6)
            {
                // Before the link comes up, or the kernel has already generated the colliding link-local.
                _writer.Clear();
                RtnetlinkLinkMessages.WriteSetAddrGenModeNone(_writer, index);
                var mode = _route.Execute(_writer);
                if (mode != 0) Log.Failed(_logger, name, options.Interface, mode);
            }
            foreach (var (path, value) in VmacSysctls.ForVmac(name, ipv6)) _sysctls.Set(path, value);
            foreach (var (path, value) in VmacSysctls.ForParent(options.Interface, ipv6)) _sysctls.Set(path, value);
            _writer.Clear();
            RtnetlinkLinkMessages.WriteSetUp(_writer, index, up: true);
            var up = _route.Execute(_writer);
            if (up != 0) Log.Failed(_logger, name, options.Interface, up);
            if (ipv6) AddParentLinkLocal(name, index, options.Interface, parent);
        }
    }

    /// <summary>Puts the parent's (first, non-tentative) link-local address on the VMAC, /64, scope link, without DAD.</summary>
    private void AddParentLinkLocal(string name, int index, string parentName, int parent)
    {
        IPAddress? linkLocal = null;
        _writer.Clear();
        RtnetlinkAddressMessages.WriteDump(_writer, AddressFamily.InterNetworkV6);
        _route.Dump(_writer, (payload, type) =>
        {
            if (linkLocal is not null || type != RtnetlinkAddressMessages.RTM_NEWADDR) return;
            if (RtnetlinkAddressMessages.TryReadAddress(payload, out var ifindex, out var address, out _, out var flags, out _)
                && ifindex == parent && address is { IsIPv6LinkLocal: true } && (flags & Ipv6Tentative) == 0)
                linkLocal = address;
        });
        if (linkLocal is null)
        {
            Log.NoLinkLocal(_logger, name, parentName);
            return;
        }
        _writer.Clear();
        RtnetlinkAddressMessages.WriteAdd(_writer, new VirtualAddressOptions { Address = linkLocal, PrefixLength = 64, Scope = VirtualAddressScope.Link }, index);
        var errno = _route.Execute(_writer);
        if (errno is 0 or Errno.EEXIST) Log.LinkLocalAdded(_logger, name, linkLocal, parentName);
        else Log.Failed(_logger, name, parentName, errno);
    }

    /// <summary>IFA_F_TENTATIVE: DAD has not finished.</summary>
    private const uint Ipv6Tentative = 0x40;

    public void Release(VrrpInstanceOptions options)
    {
        if (options.Vmac is not { } vmac) return;
        var name = vmac.EffectiveName(options.VirtualRouterId);
        lock (_gate)
        {
            foreach (var (path, _) in VmacSysctls.ForVmac(name, options.EffectiveFamily == AddressFamily.InterNetworkV6)) _sysctls.Release(path);
            foreach (var (path, _) in VmacSysctls.ForParent(options.Interface, options.EffectiveFamily == AddressFamily.InterNetworkV6)) _sysctls.Release(path);
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

        [LoggerMessage(EventIds.VmacLinkLocal, LogLevel.Information, "VMAC {Name}: link-local {Address} (from {Parent}), addrgenmode none")]
        public static partial void LinkLocalAdded(ILogger logger, string name, IPAddress address, string parent);

        [LoggerMessage(EventIds.VmacNoLinkLocal, LogLevel.Error, "VMAC {Name}: {Parent} has no usable IPv6 link-local address to give it: IPv6 adverts cannot be sent")]
        public static partial void NoLinkLocal(ILogger logger, string name, string parent);

        [LoggerMessage(EventIds.VmacFailed, LogLevel.Error, "cannot set up VMAC {Name} on {Parent}: {Errno}")]
        public static partial void Failed(ILogger logger, string name, string parent, Errno errno);
    }
}
