using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Everything the router needs from the host: sockets, addresses, GARP/NA, link state. Faked in tests.</summary>
internal interface IVrrpNetwork : IDisposable
{
    IVirtualAddressManager Addresses { get; }

    IGratuitousFrameSender FrameSender { get; }

    /// <summary>Routes and rules (virtual_routes/virtual_rules, static_routes/static_rules).</summary>
    IVirtualRouteManager Routes { get; }

    /// <summary>use_vmac macvlans and their sysctls.</summary>
    IVmacManager Vmacs { get; }

    /// <summary>Finds static entries with track_group that are missing from the kernel.</summary>
    IStaticEntryProbe StaticEntries { get; }

    /// <summary>The no_accept drop filter.</summary>
    IAcceptFilter AcceptFilter { get; }

    /// <summary>Starts (or shares) receiving VRRP on an interface and family, joined to <paramref name="multicastGroup"/>; dispose to stop.</summary>
    IVrrpListener Listen(string interfaceName, AddressFamily family, IPAddress? multicastGroup, IVrrpPacketSink sink);

    /// <summary>The sender of one instance's adverts (dispose it if it is <see cref="IDisposable"/>).</summary>
    IVrrpTransport CreateTransport(VrrpInstanceOptions options);

    /// <summary>Whether the interface exists and is up with carrier.</summary>
    bool IsInterfaceUp(string interfaceName);

    /// <summary>Raised (on any thread) when an interface goes up or down.</summary>
    event Action<string, bool>? InterfaceStateChanged;

    /// <summary>
    /// Raised (on the monitor thread) when rtnetlink reports links, addresses, routes or rules changed, and
    /// on the safety poll: what static entries with track_group are re-checked on.
    /// </summary>
    event Action<NetworkChange>? NetworkChanged;
}
