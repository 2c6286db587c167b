using System.Net;

namespace LvsDirector.Vrrp.Network;

/// <summary>Puts one gratuitous ARP (IPv4) or unsolicited NA (IPv6) on the wire of a device.</summary>
internal interface IGratuitousFrameSender
{
    void Send(string device, IPAddress address);
}
