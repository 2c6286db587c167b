using System.Net;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// <c>encap mpls LABEL[/LABEL…] [ttl N]</c>, <c>encap ip|ip6 [id N] dst A [src A] [ttl|hoplimit N] [tos|tc N] [key] [csum] [seq]</c>
/// or <c>encap seg6 mode inline|encap|l2encap segs A[,A…]</c> (RTA_ENCAP_TYPE + RTA_ENCAP, as ip-route(8)).
/// </summary>
public sealed record RouteEncapOptions
{
    public required RouteEncapType Type { get; init; }

    /// <summary>mpls: the label stack, outermost first (each 0-1048575).</summary>
    public EquatableArray<uint> Labels { get; init; } = EquatableArray<uint>.Empty;

    /// <summary>ip/ip6: the tunnel id (LWTUNNEL_IP_ID).</summary>
    public ulong? Id { get; init; }

    /// <summary>ip/ip6: the tunnel's outer destination.</summary>
    public IPAddress? Destination { get; init; }

    /// <summary>ip/ip6: the tunnel's outer source.</summary>
    public IPAddress? Source { get; init; }

    /// <summary>mpls ttl, ip ttl, ip6 hoplimit.</summary>
    public byte? Ttl { get; init; }

    /// <summary>ip tos, ip6 tc.</summary>
    public byte? Tos { get; init; }

    /// <summary>ip/ip6 key, csum, seq: TUNNEL_KEY (0x04), TUNNEL_CSUM (0x01), TUNNEL_SEQ (0x08).</summary>
    public ushort Flags { get; init; }

    /// <summary>seg6: inline (0), encap (1), l2encap (2).</summary>
    public int Seg6Mode { get; init; }

    /// <summary>seg6: the segment list in travel order (the first is visited first).</summary>
    public EquatableArray<IPAddress> Segments { get; init; } = EquatableArray<IPAddress>.Empty;

    public override string ToString() => Type switch
    {
        RouteEncapType.Mpls => "encap mpls " + string.Join('/', Labels),
        RouteEncapType.Seg6 => $"encap seg6 mode {Seg6Mode} segs {string.Join(',', Segments.Select(s => s.ToString()))}",
        _ => $"encap {Type.ToString().ToLowerInvariant()}" + (Id is null ? "" : $" id {Id}") + (Destination is null ? "" : $" dst {Destination}"),
    };
}
