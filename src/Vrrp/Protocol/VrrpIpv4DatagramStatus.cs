namespace LvsDirector.Vrrp.Protocol;

/// <summary>The outcome of <see cref="VrrpIpv4Datagram.TryUnwrap"/>.</summary>
public enum VrrpIpv4DatagramStatus
{
    Success = 0,

    /// <summary>Shorter than the header or total length it announces.</summary>
    Truncated,

    /// <summary>Version nibble not 4, or header length below 20 octets.</summary>
    InvalidHeader,

    /// <summary>Neither VRRP (112) nor AH (51) carrying VRRP.</summary>
    NotVrrp,
}
