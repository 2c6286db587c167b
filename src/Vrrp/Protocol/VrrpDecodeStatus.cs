namespace LvsDirector.Vrrp.Protocol;

/// <summary>The outcome of <see cref="VrrpPacketCodec.TryDecode(System.ReadOnlySpan{byte}, System.Net.Sockets.AddressFamily, System.ReadOnlySpan{byte}, System.ReadOnlySpan{byte}, out VrrpAdvertisement?, out VrrpChecksumMode)"/>.</summary>
public enum VrrpDecodeStatus
{
    Success = 0,

    /// <summary>Shorter than the fixed header, or than the address list and authentication data it announces.</summary>
    Truncated,

    /// <summary>Longer than the address list and authentication data it announces.</summary>
    Oversized,

    /// <summary>Version nibble other than 2 or 3 (RFC 5798 §7.1: MUST be 3; keepalived also accepts 2).</summary>
    UnsupportedVersion,

    /// <summary>Type nibble other than 1 (Advertisement), RFC 5798 §5.2.2.</summary>
    UnsupportedType,

    /// <summary>VRRPv2 over IPv6, which RFC 3768 does not define.</summary>
    UnsupportedAddressFamily,

    /// <summary>The checksum matches no accepted form (RFC 5798 §7.1).</summary>
    BadChecksum,

    /// <summary>A VRID of 0 (RFC 5798 §5.2.3: 1-255).</summary>
    InvalidVirtualRouterId,
}
