using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>An in-memory network for router tests: transports per instance, listeners counted, link state settable.</summary>
internal sealed class FakeNetwork(TimeProvider time) : IVrrpNetwork
{
    public FakeAddressManager AddressManager { get; } = new();

    public FakeFrameSender Frames { get; } = new(time);

    public FakeRouteManager RouteManager { get; } = new();

    public FakeVmacManager VmacManager { get; } = new();

    public FakeAcceptFilter Filter { get; } = new();

    public FakeStaticEntryProbe StaticProbe { get; } = new();

    public IStaticEntryProbe StaticEntries => StaticProbe;

    public event Action<NetworkChange>? NetworkChanged;

    /// <summary>As if rtnetlink reported <paramref name="change"/> (default: events were lost, look at everything).</summary>
    public void RaiseNetworkChanged(NetworkChange? change = null) => NetworkChanged?.Invoke(change ?? NetworkChange.Everything);

    public List<string> Listening { get; } = new();

    public Dictionary<int, FakeTransport> Transports { get; } = new();

    public List<FakeTransport> AllTransports { get; } = new();

    public HashSet<string> DownInterfaces { get; } = new();

    public int ActiveListeners { get; private set; }

    public IVrrpPacketSink? Sink { get; private set; }

    public IVirtualAddressManager Addresses => AddressManager;

    public IGratuitousFrameSender FrameSender => Frames;

    public IVirtualRouteManager Routes => RouteManager;

    public IVmacManager Vmacs => VmacManager;

    public IAcceptFilter AcceptFilter => Filter;

    public event Action<string, bool>? InterfaceStateChanged;

    /// <summary>What every listener reports as unread in its socket.</summary>
    public bool UnreadPackets { get; set; }

    public IVrrpListener Listen(string interfaceName, AddressFamily family, IPAddress? multicastGroup, IVrrpPacketSink sink)
    {
        Sink = sink;
        ActiveListeners++;
        Listening.Add(interfaceName);
        return new Release(this, () => ActiveListeners--);
    }

    public IVrrpTransport CreateTransport(VrrpInstanceOptions options)
    {
        var transport = new FakeTransport(time, options.SourceAddress ?? IPAddress.Parse("192.0.2.1"));
        Transports[options.VirtualRouterId] = transport;
        AllTransports.Add(transport);
        return transport;
    }

    public bool IsInterfaceUp(string interfaceName) => !DownInterfaces.Contains(interfaceName);

    public void SetLink(string name, bool up)
    {
        if (up) DownInterfaces.Remove(name);
        else DownInterfaces.Add(name);
        InterfaceStateChanged?.Invoke(name, up);
    }

    public void Dispose()
    {
    }

    private sealed class Release(FakeNetwork network, Action action) : IVrrpListener
    {
        public PendingDatagrams FindPendingDatagrams() => network.UnreadPackets ? PendingDatagrams.UnreadInSocket : PendingDatagrams.None;

        public void Dispose() => action();
    }
}
