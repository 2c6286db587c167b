namespace LvsDirector.Vrrp.Protocol;

/// <summary>The VRRP protocol version carried in the high nibble of the first octet.</summary>
public enum VrrpVersion : byte
{
    /// <summary>VRRPv2, RFC 3768: IPv4 only, advertisement interval in whole seconds, optional authentication.</summary>
    V2 = 2,

    /// <summary>VRRPv3, RFC 5798: IPv4 and IPv6, advertisement interval in centiseconds, no authentication.</summary>
    V3 = 3,
}
