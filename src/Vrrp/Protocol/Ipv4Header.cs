namespace LvsDirector.Vrrp.Protocol;

/// <summary>The IPv4 header fields a VRRP receiver checks (RFC 791 §3.1; RFC 5798 §7.1).</summary>
public readonly record struct Ipv4Header(
    int HeaderLength,
    int TotalLength,
    byte TypeOfService,
    byte TimeToLive,
    byte Protocol,
    uint SourceAddress,
    uint DestinationAddress);
