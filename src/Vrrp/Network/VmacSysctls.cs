namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The sysctls keepalived sets for a VMAC (keepalived vrrp_if_config.c). On the macvlan: accept_local=1
/// (hear the other router's adverts from the same MAC), arp_ignore=1 (answer ARP only for addresses on
/// it), rp_filter=0 (receive on it without an address of the subnet), promote_secondaries=1. On the
/// parent: arp_ignore=1 and arp_filter=1 (never answer ARP for a VIP with the parent's MAC). And
/// net.ipv4.conf.all.rp_filter=0, because the kernel uses max(all, interface).
/// </summary>
internal static class VmacSysctls
{
    public static IEnumerable<(string Path, string Value)> ForVmac(string vmac) =>
    [
        ($"net/ipv4/conf/{vmac}/accept_local", "1"),
        ($"net/ipv4/conf/{vmac}/arp_ignore", "1"),
        ($"net/ipv4/conf/{vmac}/rp_filter", "0"),
        ($"net/ipv4/conf/{vmac}/promote_secondaries", "1"),
    ];

    public static IEnumerable<(string Path, string Value)> ForParent(string parent) =>
    [
        ($"net/ipv4/conf/{parent}/arp_ignore", "1"),
        ($"net/ipv4/conf/{parent}/arp_filter", "1"),
        ("net/ipv4/conf/all/rp_filter", "0"),
    ];
}
