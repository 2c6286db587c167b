using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>Checks <see cref="VrrpOptions"/> and returns every error at once, each with its path.</summary>
public static class VrrpOptionsValidator
{
    /// <summary>keepalived's preempt_delay range.</summary>
    public static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    /// <summary>The longest v2 advert interval (one octet of seconds).</summary>
    public static readonly TimeSpan MaxV2Interval = TimeSpan.FromSeconds(255);

    /// <summary>The longest v3 advert interval (12 bits of centiseconds, RFC 5798 §5.2.7).</summary>
    public static readonly TimeSpan MaxV3Interval = TimeSpan.FromMilliseconds(VrrpPacketCodec.MaxV3IntervalCentiseconds * 10);

    /// <summary>The longest password keepalived uses (RFC 2338 §5.3.10).</summary>
    public const int MaxPasswordLength = VrrpPacketCodec.V2AuthenticationDataLength;

    public static IReadOnlyList<VrrpOptionsError> Validate(VrrpOptions options)
    {
        var errors = new List<VrrpOptionsError>();
        foreach (var (name, instance) in options.Instances)
            ValidateInstance($"instances.{name}", name, instance, errors);

        // RFC 5798 §5.2.3 / keepalived: a VRID is unique per interface and family (and socket).
        var seen = new Dictionary<(string, AddressFamily, int, string), string>();
        foreach (var (name, instance) in options.Instances)
        {
            var key = (instance.Interface, instance.EffectiveFamily, instance.VirtualRouterId, instance.IsUnicast ? string.Join(",", instance.UnicastPeers.Select(p => p.Address)) : "multicast");
            if (seen.TryGetValue(key, out var other))
                errors.Add(new($"instances.{name}.virtual_router_id", $"VRID {instance.VirtualRouterId} is already used by instance {other} on {instance.Interface}"));
            else
                seen[key] = name;
        }
        VrrpTrackingValidator.Validate(options, errors);
        VrrpNetworkOptionsValidator.Validate(options, errors);
        return errors;
    }

    private static void ValidateInstance(string path, string name, VrrpInstanceOptions o, List<VrrpOptionsError> errors)
    {
        void Error(string field, string message) => errors.Add(new($"{path}.{field}", message));

        if (string.IsNullOrWhiteSpace(name)) errors.Add(new(path, "the instance name is empty"));
        if (string.IsNullOrWhiteSpace(o.Interface) || o.Interface.Length > 15 || o.Interface.Contains('/') || o.Interface.Any(char.IsWhiteSpace))
            Error("interface", $"'{o.Interface}' is not a valid interface name (1-15 characters, no '/' or spaces)");
        if (o.VirtualRouterId is < 1 or > 255)
            Error("virtual_router_id", $"{o.VirtualRouterId} is out of range 1-255");
        if (o.Version is not (VrrpVersion.V2 or VrrpVersion.V3))
            Error("version", $"{(int)o.Version} is not 2 or 3");
        if (o.Priority is < 1 or > 255)
            Error("priority", $"{o.Priority} is out of range 1-255");
        if (o.Family is { } f && f is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            Error("family", $"{f} is not IPv4 or IPv6");

        var family = o.EffectiveFamily;
        if (o.Version == VrrpVersion.V2 && family == AddressFamily.InterNetworkV6)
            Error("version", "VRRPv2 is IPv4 only (RFC 3768); use version 3 for IPv6");

        if (o.AdvertisementInterval <= TimeSpan.Zero)
            Error("advert_int", "must be positive");
        else if (o.Version == VrrpVersion.V2)
        {
            if (o.AdvertisementInterval.Ticks % TimeSpan.TicksPerSecond != 0 || o.AdvertisementInterval > MaxV2Interval)
                Error("advert_int", $"{o.AdvertisementInterval.TotalSeconds} s: VRRPv2 needs whole seconds 1-255");
        }
        else if (o.AdvertisementInterval.Ticks % (TimeSpan.TicksPerMillisecond * 10) != 0 || o.AdvertisementInterval > MaxV3Interval)
            Error("advert_int", $"{o.AdvertisementInterval.TotalSeconds} s: VRRPv3 needs centiseconds 0.01-40.95");

        if (o.InitialState == VrrpInitialState.Master && !o.Preempt)
            Error("nopreempt", "nopreempt requires the initial state BACKUP (as keepalived)");
        if (o.PreemptDelay < TimeSpan.Zero || o.PreemptDelay > MaxPreemptDelay)
            Error("preempt_delay", $"{o.PreemptDelay.TotalSeconds} s is out of range 0-1000");

        if (o.Authentication is { } auth)
        {
            if (o.Version != VrrpVersion.V2)
                Error("authentication", "authentication exists only in VRRPv2 (RFC 5798 §9 removed it)");
            if (auth.Type == VrrpAuthenticationType.IpAuthenticationHeader && family != AddressFamily.InterNetwork)
                Error("authentication.auth_type", "AH exists only for IPv4 (keepalived's IPsec AH wraps the IPv4 datagram)");
            if (auth.Type is VrrpAuthenticationType.SimplePassword or VrrpAuthenticationType.IpAuthenticationHeader && (auth.Password.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(auth.Password) > MaxPasswordLength))
                Error("authentication.auth_pass", $"the password must be 1-{MaxPasswordLength} octets");
        }

        if (o.SourceAddress is { } src && src.AddressFamily != family)
            Error("unicast_src_ip", $"{src} is not of the instance's family");
        for (var i = 0; i < o.UnicastPeers.Count; i++)
        {
            var peer = o.UnicastPeers[i];
            if (peer.Address.AddressFamily != family)
                Error($"unicast_peer[{i}]", $"{peer.Address} is not of the instance's family");
            if (peer.MinTtl is < 0 or > 255) Error($"unicast_peer[{i}].min_ttl", $"{peer.MinTtl} is out of range 0-255");
            if (peer.MaxTtl is < 0 or > 255) Error($"unicast_peer[{i}].max_ttl", $"{peer.MaxTtl} is out of range 0-255");
            if (peer.MinTtl is { } min && peer.MaxTtl is { } max && min > max) Error($"unicast_peer[{i}]", "min_ttl is above max_ttl");
        }
        if (o.UnicastPeers.Select(p => p.Address).Distinct().Count() != o.UnicastPeers.Count)
            Error("unicast_peer", "a peer is listed twice");

        if (o.MulticastGroup is { } group)
        {
            if (group.AddressFamily != family)
                Error("mcast_dst_ip", $"{group} is not of the instance's family");
            else if (family == AddressFamily.InterNetwork ? !IsIpv4Multicast(group) : !group.IsIPv6Multicast)
                Error("mcast_dst_ip", $"{group} is not a multicast address");
        }

        if (o.VirtualAddresses.Count == 0)
            Error("virtual_ipaddress", "at least one virtual address is needed");
        if (o.VirtualAddresses.Count > VrrpPacketCodec.MaxAddressCount)
            Error("virtual_ipaddress", $"{o.VirtualAddresses.Count} addresses; an advert carries at most {VrrpPacketCodec.MaxAddressCount}");
        ValidateAddresses($"{path}.virtual_ipaddress", o.VirtualAddresses, family, requireFamily: true, errors);
        ValidateAddresses($"{path}.virtual_ipaddress_excluded", o.ExcludedVirtualAddresses, family, requireFamily: false, errors);

        var g = o.Gratuitous;
        if (g.MasterDelay < TimeSpan.Zero) Error("garp_master_delay", "must not be negative");
        if (g.MasterRepeat < 0) Error("garp_master_repeat", "must not be negative");
        if (g.MasterRefresh < TimeSpan.Zero) Error("garp_master_refresh", "must not be negative");
        if (g.MasterRefreshRepeat < 0) Error("garp_master_refresh_repeat", "must not be negative");
        if (g.LowerPriorityDelay < TimeSpan.Zero) Error("garp_lower_prio_delay", "must not be negative");
        if (g.LowerPriorityRepeat < 0) Error("garp_lower_prio_repeat", "must not be negative");
        if (g.ArpInterval < TimeSpan.Zero) Error("garp_interval", "must not be negative");
        if (g.NeighborAdvertisementInterval < TimeSpan.Zero) Error("gna_interval", "must not be negative");
    }

    private static void ValidateAddresses(string path, EquatableArray<VirtualAddressOptions> addresses, AddressFamily family, bool requireFamily, List<VrrpOptionsError> errors)
    {
        var seen = new HashSet<IPAddress>();
        for (var i = 0; i < addresses.Count; i++)
        {
            var a = addresses[i];
            var p = $"{path}[{i}]";
            var max = a.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (a.Address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                errors.Add(new(p, $"{a.Address} is not an IP address"));
            else if (requireFamily && a.Address.AddressFamily != family)
                errors.Add(new(p, $"{a.Address}: all virtual_ipaddress entries must be of one family ({(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}); put others in virtual_ipaddress_excluded"));
            if (a.PrefixLength is < 0 || a.PrefixLength > max)
                errors.Add(new(p, $"prefix /{a.PrefixLength} is out of range 0-{max}"));
            if (!seen.Add(a.Address))
                errors.Add(new(p, $"{a.Address} is listed twice"));
            if (a.Broadcast is { } brd && (brd.AddressFamily != AddressFamily.InterNetwork || a.Address.AddressFamily != AddressFamily.InterNetwork))
                errors.Add(new($"{p}.brd", "a broadcast address is IPv4 only"));
            if (a.Label is { } label && (label.Length > 15 || a.Address.AddressFamily != AddressFamily.InterNetwork))
                errors.Add(new($"{p}.label", "a label is IPv4 only and at most 15 characters"));
            if (a.Device is { } dev && (dev.Length is 0 or > 15 || dev.Contains('/')))
                errors.Add(new($"{p}.dev", $"'{dev}' is not a valid interface name"));
        }
    }

    private static bool IsIpv4Multicast(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b[0] is >= 224 and <= 239;
    }
}
