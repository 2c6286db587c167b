using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Looks for static entries in RTM_GETADDR / RTM_GETROUTE / RTM_GETRULE dumps (only the kinds asked about). A
/// failed dump reports nothing missing: a transient netlink error must not trigger re-adds.
/// </summary>
internal sealed class NetlinkStaticEntryProbe(RouteNetlinkSocket route, InterfaceInfo interfaces) : IStaticEntryProbe
{
    private const ushort RTM_GETROUTE = 26;
    private const ushort RTM_GETRULE = 34;
    private readonly object _gate = new();
    private readonly NetlinkAttributeWriter _writer = new(64);

    public StaticNetworkOptions FindMissing(StaticNetworkOptions statics)
    {
        lock (_gate)
        {
            var addresses = new List<VirtualAddressOptions>();
            if (statics.Addresses.Count > 0 && DumpAddresses() is { } present)
                addresses.AddRange(statics.Addresses.Where(a => !present.Contains((interfaces.GetIndex(a.Device ?? ""), a.Address, (byte)a.EffectivePrefixLength))));
            var routes = new List<VirtualRouteOptions>();
            if (statics.Routes.Count > 0 && Dump<KernelRouteKey>(RTM_GETROUTE, KernelRouteKey.TryRead) is { } kernelRoutes)
                routes.AddRange(statics.Routes.Where(r => !kernelRoutes.Any(k => k.Matches(r))));
            var rules = new List<VirtualRuleOptions>();
            if (statics.Rules.Count > 0 && Dump<KernelRuleKey>(RTM_GETRULE, KernelRuleKey.TryRead) is { } kernelRules)
                rules.AddRange(statics.Rules.Where(r => !kernelRules.Any(k => k.Matches(r))));
            return new StaticNetworkOptions { Addresses = new(addresses), Routes = new(routes), Rules = new(rules) };
        }
    }

    private HashSet<(int, IPAddress, byte)>? DumpAddresses()
    {
        var present = new HashSet<(int, IPAddress, byte)>();
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            _writer.Clear();
            RtnetlinkAddressMessages.WriteDump(_writer, family);
            var errno = route.Dump(_writer, (payload, type) =>
            {
                if (type == RtnetlinkAddressMessages.RTM_NEWADDR && RtnetlinkAddressMessages.TryReadAddress(payload, out var index, out var address, out var prefix, out _, out _) && address is not null)
                    present.Add((index, address, prefix));
            });
            if (errno != 0) return null;
        }
        return present;
    }

    private delegate bool KeyReader<T>(ReadOnlySpan<byte> payload, out T key);

    private List<T>? Dump<T>(ushort request, KeyReader<T> read)
    {
        var keys = new List<T>();
        foreach (var family in new byte[] { 2, 10 })
        {
            _writer.Clear();
            _writer.BeginMessage(request, NetlinkMessageFlags.Dump);
            Span<byte> header = stackalloc byte[RtnetlinkRouteMessages.RtmsgSize];
            header.Clear();
            header[0] = family;
            _writer.WriteFamilyHeader(header);
            _writer.EndMessage();
            var errno = route.Dump(_writer, (payload, type) =>
            {
                if (type == request - 2 && read(payload, out var key)) keys.Add(key);
            });
            if (errno != 0) return null;
        }
        return keys;
    }
}
