namespace LvsDirector.Vrrp.StateMachine;

/// <summary>Why a received packet was discarded (RFC 5798 §7.1, RFC 3768 §7.1, keepalived checks).</summary>
public enum VrrpDropReason
{
    /// <summary>Shorter than its headers announce.</summary>
    Truncated,

    /// <summary>Longer than its address list and authentication data announce.</summary>
    Oversized,

    /// <summary>The IPv4 header is malformed, or the packet is not VRRP.</summary>
    InvalidIpHeader,

    /// <summary>TTL / hop limit is not 255 (or outside a unicast peer's min_ttl..max_ttl).</summary>
    WrongTtl,

    /// <summary>Version not 2/3, or not the instance's version.</summary>
    VersionMismatch,

    /// <summary>Type is not Advertisement.</summary>
    UnsupportedType,

    /// <summary>No instance with this VRID on this interface and family.</summary>
    UnknownVirtualRouterId,

    BadChecksum,

    /// <summary>VRRPv2 auth type or password differ from the instance's.</summary>
    AuthenticationMismatch,

    /// <summary>The advert's address list differs from the instance's virtual addresses.</summary>
    AddressListMismatch,

    /// <summary>VRRPv2 advert interval differs from ours (RFC 3768 §7.1).</summary>
    IntervalMismatch,

    /// <summary>A unicast instance received from an address that is not one of its peers.</summary>
    UnexpectedSource,

    /// <summary>VRRPv2 over IPv6, or an address family that does not match the instance.</summary>
    AddressFamilyMismatch,
}
