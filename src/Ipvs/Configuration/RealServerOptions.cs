using System.Net;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Configuration;

/// <summary>A configured real server (an IPVS destination) of a virtual service. Identity: address + port.</summary>
public sealed record RealServerOptions
{
    public required IPAddress Address { get; init; }

    /// <summary>The real server's port; for DR and TUN usually the virtual service's port, 0 for firewall-mark services.</summary>
    public ushort Port { get; init; }

    public IpvsForwardingMethod ForwardingMethod { get; init; } = IpvsForwardingMethod.DirectRoute;

    /// <summary>0..int.MaxValue; 0 quiesces the server (inhibit_on_failure).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Upper connection threshold, 0 = none.</summary>
    public uint UpperThreshold { get; init; }

    public uint LowerThreshold { get; init; }

    /// <summary>Only with <see cref="IpvsForwardingMethod.Tunnel"/>.</summary>
    public IpvsTunnelType TunnelType { get; init; }

    /// <summary>Required for GUE tunnels.</summary>
    public ushort TunnelPort { get; init; }

    public IpvsTunnelFlags TunnelFlags { get; init; }

    /// <summary>"198.51.100.11:80".</summary>
    public string Endpoint => new IPEndPoint(Address, Port).ToString();

    /// <summary>The destination the kernel should hold. Tunnel settings are zeroed unless tunnelling (the kernel reports 0 then).</summary>
    public IpvsDestination ToDestination()
    {
        bool tunnel = ForwardingMethod == IpvsForwardingMethod.Tunnel;
        return new IpvsDestination
        {
            Address = Address,
            Port = Port,
            ForwardingMethod = ForwardingMethod,
            Weight = Weight,
            UpperThreshold = UpperThreshold,
            LowerThreshold = LowerThreshold,
            TunnelType = tunnel ? TunnelType : IpvsTunnelType.IpIp,
            TunnelPort = tunnel && TunnelType == IpvsTunnelType.Gue ? TunnelPort : (ushort)0,
            TunnelFlags = tunnel && TunnelType != IpvsTunnelType.IpIp ? TunnelFlags : IpvsTunnelFlags.None,
        };
    }
}
