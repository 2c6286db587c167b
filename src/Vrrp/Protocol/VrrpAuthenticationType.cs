namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// The VRRPv2 "Auth Type" octet (RFC 2338 §5.3.6; RFC 3768 §5.1 marks 1 and 2 as reserved but
/// keepalived still sends and checks them).
/// </summary>
public enum VrrpAuthenticationType : byte
{
    None = 0,

    /// <summary>Simple text password: up to 8 octets in the Authentication Data field (keepalived <c>auth_type PASS</c>).</summary>
    SimplePassword = 1,

    /// <summary>IP Authentication Header (keepalived <c>auth_type AH</c>): the VRRP packet follows an AH header (IP protocol 51).</summary>
    IpAuthenticationHeader = 2,
}
