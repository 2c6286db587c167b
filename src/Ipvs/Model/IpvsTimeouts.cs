namespace LvsDirector.Ipvs.Model;

/// <summary>Connection timeouts in seconds (IPVS_CMD_ATTR_TIMEOUT_TCP / _TCP_FIN / _UDP). In SET_CONFIG, 0 leaves a value unchanged.</summary>
public sealed record IpvsTimeouts(uint TcpSeconds, uint TcpFinSeconds, uint UdpSeconds)
{
    public override string ToString() => $"tcp {TcpSeconds} tcpfin {TcpFinSeconds} udp {UdpSeconds}";
}
