using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Ipvs.Model;

/// <summary>
/// A real server's settings under a service, as NEW_DEST/SET_DEST carry them (IPVS_DEST_ATTR_*). Identity is
/// <see cref="Address"/> + <see cref="Port"/>; everything else can be edited in place with SET_DEST.
/// Counters live in <see cref="IpvsDestinationEntry"/>.
/// </summary>
public sealed record IpvsDestination
{
    public required IPAddress Address { get; init; }

    public ushort Port { get; init; }

    /// <summary>IPVS_DEST_ATTR_ADDR_FAMILY: the address's own family (may differ from the service's only for tunnels).</summary>
    public AddressFamily Family => Address.AddressFamily;

    public IpvsForwardingMethod ForwardingMethod { get; init; } = IpvsForwardingMethod.DirectRoute;

    /// <summary>0 quiesces (no new connections); the kernel holds a signed int.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>IPVS_DEST_ATTR_U_THRESH: 0 = no limit.</summary>
    public uint UpperThreshold { get; init; }

    /// <summary>IPVS_DEST_ATTR_L_THRESH.</summary>
    public uint LowerThreshold { get; init; }

    /// <summary>Only meaningful with <see cref="IpvsForwardingMethod.Tunnel"/>; the kernel reports 0 otherwise.</summary>
    public IpvsTunnelType TunnelType { get; init; }

    /// <summary>Outer UDP port for GUE (IPVS_DEST_ATTR_TUN_PORT, big-endian on the wire).</summary>
    public ushort TunnelPort { get; init; }

    public IpvsTunnelFlags TunnelFlags { get; init; }

    /// <summary>"198.51.100.11:80" or "[2001:db8::11]:80".</summary>
    public string Endpoint => new IPEndPoint(Address, Port).ToString();

    public override string ToString() => Endpoint;
}
