using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>vrrp_instance</c>: a virtual router on one interface and address family.</summary>
public sealed record VrrpInstanceOptions
{
    /// <summary>The interface adverts are sent and received on.</summary>
    public required string Interface { get; init; }

    /// <summary>virtual_router_id, 1-255.</summary>
    public required int VirtualRouterId { get; init; }

    /// <summary>VRRP version; keepalived's default is 2 (3 for IPv6).</summary>
    public VrrpVersion Version { get; init; } = VrrpVersion.V2;

    /// <summary>InterNetwork or InterNetworkV6; null = the family of the first virtual address.</summary>
    public AddressFamily? Family { get; init; }

    /// <summary>1-255; 255 = address owner.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>advert_int: whole seconds for v2, centiseconds resolution for v3.</summary>
    public TimeSpan AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    public VrrpInitialState InitialState { get; init; } = VrrpInitialState.Backup;

    /// <summary>false = keepalived <c>nopreempt</c>.</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>preempt_delay: how long a Backup tolerates a lower-priority master after start or after first seeing it.</summary>
    public TimeSpan PreemptDelay { get; init; } = TimeSpan.Zero;

    public VrrpAuthenticationOptions? Authentication { get; init; }

    /// <summary>unicast_src_ip (also mcast_src_ip): the source of adverts; null = the interface's primary address.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>unicast_peer: adverts go to each peer by unicast instead of to the multicast group.</summary>
    public EquatableArray<VrrpUnicastPeerOptions> UnicastPeers { get; init; } = EquatableArray<VrrpUnicastPeerOptions>.Empty;

    /// <summary>vrrp_mcast_group4/6 or mcast_dst_ip; null = 224.0.0.18 / ff02::12.</summary>
    public IPAddress? MulticastGroup { get; init; }

    public EquatableArray<VirtualAddressOptions> VirtualAddresses { get; init; } = EquatableArray<VirtualAddressOptions>.Empty;

    /// <summary>virtual_ipaddress_excluded: moved with mastership but not advertised.</summary>
    public EquatableArray<VirtualAddressOptions> ExcludedVirtualAddresses { get; init; } = EquatableArray<VirtualAddressOptions>.Empty;

    public GratuitousAnnouncementOptions Gratuitous { get; init; } = new();

    /// <summary>VRRPv3 over IPv4 checksum form for sending; receiving accepts both.</summary>
    public VrrpChecksumMode ChecksumMode { get; init; } = VrrpChecksumMode.IncludePseudoHeader;

    /// <summary>virtual_routes: added on entering MASTER, removed on leaving it.</summary>
    public EquatableArray<VirtualRouteOptions> VirtualRoutes { get; init; } = EquatableArray<VirtualRouteOptions>.Empty;

    /// <summary>virtual_rules: added on entering MASTER, removed on leaving it.</summary>
    public EquatableArray<VirtualRuleOptions> VirtualRules { get; init; } = EquatableArray<VirtualRuleOptions>.Empty;

    /// <summary>use_vmac: the VIPs live on a macvlan with the virtual MAC; null = on <see cref="Interface"/>.</summary>
    public VmacOptions? Vmac { get; init; }

    /// <summary>accept (true) / no_accept (false); null = keepalived's default (accept, unless vrrp_strict and not the owner).</summary>
    public bool? Accept { get; init; }

    /// <summary>The default IPv4 group, 224.0.0.18 (RFC 5798 §5.1.1.2).</summary>
    public static IPAddress DefaultIpv4Group { get; } = IPAddress.Parse("224.0.0.18");

    /// <summary>The default IPv6 group, ff02::12 (RFC 5798 §5.1.2.2).</summary>
    public static IPAddress DefaultIpv6Group { get; } = IPAddress.Parse("ff02::12");

    public AddressFamily EffectiveFamily =>
        Family ?? (VirtualAddresses.Count > 0 ? VirtualAddresses[0].Address.AddressFamily : AddressFamily.InterNetwork);

    public IPAddress EffectiveMulticastGroup =>
        MulticastGroup ?? (EffectiveFamily == AddressFamily.InterNetworkV6 ? DefaultIpv6Group : DefaultIpv4Group);

    public bool IsUnicast => UnicastPeers.Count > 0;

    /// <summary>track_interface / track_script / track_file / track_process of this instance.</summary>
    public VrrpTrackingOptions Tracking { get; init; } = new();

    /// <summary>dont_track_primary: the instance's own interface going down does not cause FAULT.</summary>
    public bool DontTrackPrimary { get; init; }

    public VrrpNotifyOptions Notify { get; init; } = new();

    /// <summary>
    /// higher_prio_send_advert: a Master that hears a higher priority sends one last advert (with its
    /// own priority) before it steps down, so that after a healed partition the winner hears a
    /// lower-priority master and reasserts with gratuitous ARP/NA. On by default here (keepalived's
    /// default is off, which is why its surviving master often sends nothing after a heal).
    /// </summary>
    public bool HigherPrioritySendAdvert { get; init; } = true;

    /// <summary>
    /// owner_ignore_adverts: an address owner (priority 255) ignores every advert it receives and never
    /// steps down; null = keepalived's default (on under vrrp_strict, off otherwise).
    /// </summary>
    public bool? OwnerIgnoresAdvertisements { get; init; }

    /// <summary>The device the VIPs go on by default and GARPs leave from: the VMAC when there is one.</summary>
    public string AddressDevice => Vmac?.EffectiveName(VirtualRouterId) ?? Interface;

    /// <summary>The device adverts are sent from: the VMAC unless <c>vmac_xmit_base</c>.</summary>
    public string TransmitInterface => Vmac is { TransmitOnBase: false } vmac ? vmac.EffectiveName(VirtualRouterId) : Interface;
}
