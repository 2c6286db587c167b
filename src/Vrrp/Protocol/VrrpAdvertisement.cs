using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Protocol;

/// <summary>
/// One VRRP advertisement (RFC 3768 §5.1, RFC 5798 §5.1) as it is on the wire, independent of the
/// IP header it travels in. Immutable; equal when every field is equal.
/// </summary>
public sealed record VrrpAdvertisement
{
    private static readonly ImmutableArray<byte> NoAuthenticationData = ImmutableArray.Create(new byte[VrrpPacketCodec.V2AuthenticationDataLength]);

    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>The family of <see cref="Addresses"/>: InterNetwork or InterNetworkV6.</summary>
    public AddressFamily AddressFamily { get; init; } = AddressFamily.InterNetwork;

    /// <summary>Virtual Router Identifier, 1-255 (RFC 5798 §5.2.3).</summary>
    public byte VirtualRouterId { get; init; }

    /// <summary>Priority: 0 = the master stops, 255 = the address owner (RFC 5798 §5.2.4).</summary>
    public byte Priority { get; init; }

    /// <summary>
    /// The interval field in wire units: whole seconds for v2 (RFC 3768 §5.3.7), centiseconds (12 bits)
    /// for v3 (RFC 5798 §5.2.7).
    /// </summary>
    public ushort AdvertisementInterval { get; init; }

    /// <summary>The virtual addresses carried in the message.</summary>
    public ImmutableArray<IPAddress> Addresses { get; init; } = ImmutableArray<IPAddress>.Empty;

    /// <summary>VRRPv2 only: the Auth Type octet. Always None for v3.</summary>
    public VrrpAuthenticationType AuthenticationType { get; init; }

    /// <summary>VRRPv2 only: the 8-octet Authentication Data field (the password, NUL-padded, for PASS).</summary>
    public ImmutableArray<byte> AuthenticationData { get; init; } = NoAuthenticationData;

    /// <summary>The checksum as read from the wire; 0 on an advertisement built for sending (the encoder computes it).</summary>
    public ushort Checksum { get; init; }

    /// <summary>The advertisement interval as a duration.</summary>
    public TimeSpan Interval => Version == VrrpVersion.V2
        ? TimeSpan.FromSeconds(AdvertisementInterval)
        : TimeSpan.FromMilliseconds(AdvertisementInterval * 10);

    /// <summary>A VRRPv2 advertisement; <paramref name="password"/> is truncated/NUL-padded to 8 octets.</summary>
    public static VrrpAdvertisement CreateV2(byte virtualRouterId, byte priority, byte intervalSeconds, IEnumerable<IPAddress> addresses, VrrpAuthenticationType authentication = VrrpAuthenticationType.None, ReadOnlySpan<byte> password = default)
    {
        var data = new byte[VrrpPacketCodec.V2AuthenticationDataLength];
        if (authentication == VrrpAuthenticationType.SimplePassword)
            password[..Math.Min(password.Length, data.Length)].CopyTo(data);
        return new VrrpAdvertisement
        {
            Version = VrrpVersion.V2,
            AddressFamily = AddressFamily.InterNetwork,
            VirtualRouterId = virtualRouterId,
            Priority = priority,
            AdvertisementInterval = intervalSeconds,
            Addresses = addresses.ToImmutableArray(),
            AuthenticationType = authentication,
            AuthenticationData = ImmutableArray.Create(data),
        };
    }

    /// <summary>A VRRPv3 advertisement for the family of <paramref name="addresses"/>.</summary>
    public static VrrpAdvertisement CreateV3(AddressFamily family, byte virtualRouterId, byte priority, ushort intervalCentiseconds, IEnumerable<IPAddress> addresses) => new()
    {
        Version = VrrpVersion.V3,
        AddressFamily = family,
        VirtualRouterId = virtualRouterId,
        Priority = priority,
        AdvertisementInterval = intervalCentiseconds,
        Addresses = addresses.ToImmutableArray(),
    };

    public bool Equals(VrrpAdvertisement? other) =>
        other is not null
        && Version == other.Version
        && AddressFamily == other.AddressFamily
        && VirtualRouterId == other.VirtualRouterId
        && Priority == other.Priority
        && AdvertisementInterval == other.AdvertisementInterval
        && AuthenticationType == other.AuthenticationType
        && Checksum == other.Checksum
        && Addresses.SequenceEqual(other.Addresses)
        && AuthenticationData.SequenceEqual(other.AuthenticationData);

    public override int GetHashCode() => HashCode.Combine(Version, AddressFamily, VirtualRouterId, Priority, AdvertisementInterval, Addresses.Length, Checksum);
}
