using System.Net;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Hosting;

/// <summary>
/// The destinations of one service as keepalived writes them to the kernel. With DR or TUN the packet keeps the
/// virtual port, so a destination's port is the service's (0 under a fwmark) whatever its real or sorry server
/// says (LvsValidator warns; the checks still use the port written). Servers that become the same destination are
/// one entry: the larger weight wins, so an inhibited server (weight 0) never hides a live one.
/// </summary>
internal sealed class KernelDestinations(VirtualServiceOptions service, int capacity)
{
    private readonly List<RealServerOptions> _list = new(capacity);
    // Only built when a port was rewritten: most services never need it.
    private Dictionary<(IPAddress, ushort), int>? _index;

    public void Add(RealServerOptions server)
    {
        var destination = AsKernelDestination(server);
        if (destination.Port == server.Port && _index is null)
        {
            _list.Add(destination);
            return;
        }
        var index = Index();
        if (index.TryGetValue((destination.Address, destination.Port), out var at))
        {
            if (destination.Weight > _list[at].Weight) _list[at] = destination;
            return;
        }
        index[(destination.Address, destination.Port)] = _list.Count;
        _list.Add(destination);
    }

    /// <summary>Adds <paramref name="server"/> unless a destination with its address and port is already there.</summary>
    public void AddUnlessPresent(RealServerOptions server)
    {
        var destination = AsKernelDestination(server);
        if (!Index().ContainsKey((destination.Address, destination.Port))) Add(destination);
    }

    public ValueList<RealServerOptions> ToValueList() => new(_list);

    private RealServerOptions AsKernelDestination(RealServerOptions server) =>
        server.ForwardingMethod is IpvsForwardingMethod.DirectRoute or IpvsForwardingMethod.Tunnel && server.Port != service.Key.Port
            ? server with { Port = service.Key.Port }
            : server;

    private Dictionary<(IPAddress, ushort), int> Index()
    {
        if (_index is not null) return _index;
        _index = new Dictionary<(IPAddress, ushort), int>(_list.Count + 1);
        for (var i = 0; i < _list.Count; i++) _index.TryAdd((_list[i].Address, _list[i].Port), i);
        return _index;
    }
}
