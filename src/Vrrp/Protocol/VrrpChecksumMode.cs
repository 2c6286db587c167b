namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// How the VRRPv3-over-IPv4 checksum is computed. RFC 5798 §5.2.8 covers the IPv4 pseudo-header and
/// keepalived 2.2.7 and FRR 8.4 send and require it; RFC 9568 (and Cisco, Juniper) leave it out.
/// VRRPv2 never uses a pseudo-header and VRRPv3 over IPv6 always does.
/// </summary>
public enum VrrpChecksumMode
{
    /// <summary>RFC 5798 as implemented by keepalived and FRR: the IPv4 pseudo-header is included.</summary>
    IncludePseudoHeader = 0,

    /// <summary>RFC 9568 style (keepalived <c>v3_checksum_as_v2</c>): the checksum covers the VRRP message only.</summary>
    ExcludePseudoHeader = 1,
}
