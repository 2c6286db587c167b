using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Ipvs.Model;

/// <summary>
/// The identity of an IPVS virtual service, as the kernel sees it: address family plus either a firewall
/// mark, or protocol + address + port (ip_vs_genl_parse_service). Create with <see cref="ForAddress"/> or
/// <see cref="ForFirewallMark"/>; equality is by value.
/// </summary>
public readonly record struct IpvsServiceKey
{
    private IpvsServiceKey(AddressFamily family, IpvsProtocol protocol, IPAddress? address, ushort port, uint firewallMark)
    {
        Family = family;
        Protocol = protocol;
        Address = address;
        Port = port;
        FirewallMark = firewallMark;
    }

    /// <summary>InterNetwork or InterNetworkV6.</summary>
    public AddressFamily Family { get; }

    /// <summary><see cref="IpvsProtocol.None"/> for a firewall-mark service.</summary>
    public IpvsProtocol Protocol { get; }

    /// <summary>The virtual address; null for a firewall-mark service.</summary>
    public IPAddress? Address { get; }

    public ushort Port { get; }

    /// <summary>Non-zero for a firewall-mark service.</summary>
    public uint FirewallMark { get; }

    public bool IsFirewallMark => FirewallMark != 0;

    public static IpvsServiceKey ForAddress(IpvsProtocol protocol, IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (protocol == IpvsProtocol.None) throw new ArgumentException("an address service needs a protocol", nameof(protocol));
        return new IpvsServiceKey(address.AddressFamily, protocol, address, port, 0);
    }

    public static IpvsServiceKey ForFirewallMark(uint firewallMark, AddressFamily family = AddressFamily.InterNetwork)
    {
        if (firewallMark == 0) throw new ArgumentOutOfRangeException(nameof(firewallMark), "a firewall mark is never 0");
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) throw new ArgumentOutOfRangeException(nameof(family));
        return new IpvsServiceKey(family, IpvsProtocol.None, null, 0, firewallMark);
    }

    /// <summary>Parses what <see cref="ToString"/> writes ("TCP 192.0.2.1:80", "UDP [2001:db8::1]:53", "FWM 7", "FWM 7 IPv6").</summary>
    public static bool TryParse(string? text, out IpvsServiceKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3) return false;
        if (parts[0] == "FWM")
        {
            if (!uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mark) || mark == 0) return false;
            var family = parts.Length == 3 && parts[2] == "IPv6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            if (parts.Length == 3 && parts[2] != "IPv6") return false;
            key = ForFirewallMark(mark, family);
            return true;
        }
        if (parts.Length != 2) return false;
        IpvsProtocol protocol = parts[0] switch { "TCP" => IpvsProtocol.Tcp, "UDP" => IpvsProtocol.Udp, "SCTP" => IpvsProtocol.Sctp, _ => IpvsProtocol.None };
        if (protocol == IpvsProtocol.None || !IPEndPoint.TryParse(parts[1], out var endpoint) || endpoint.Port > ushort.MaxValue) return false;
        key = ForAddress(protocol, endpoint.Address, (ushort)endpoint.Port);
        return true;
    }

    /// <summary>"TCP 192.0.2.100:80", "TCP [2001:db8::1]:80", "FWM 7" or "FWM 7 IPv6" (ipvsadm's words).</summary>
    public override string ToString()
    {
        if (IsFirewallMark)
            return "FWM " + FirewallMark.ToString(CultureInfo.InvariantCulture) + (Family == AddressFamily.InterNetworkV6 ? " IPv6" : "");
        var protocol = Protocol switch { IpvsProtocol.Tcp => "TCP", IpvsProtocol.Udp => "UDP", IpvsProtocol.Sctp => "SCTP", _ => "proto " + (int)Protocol };
        return protocol + " " + new IPEndPoint(Address ?? IPAddress.Any, Port);
    }
}
