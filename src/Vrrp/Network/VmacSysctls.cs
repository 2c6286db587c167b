namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The sysctls keepalived sets for a VMAC (keepalived vrrp_if_config.c). On the macvlan: accept_local=1
/// (hear the other router's adverts from the same MAC), arp_ignore=1 (answer ARP only for addresses on
/// it), rp_filter=0 (receive on it without an address of the subnet), promote_secondaries=1. On the
/// parent: arp_ignore=1 and arp_filter=1 (never answer ARP for a VIP with the parent's MAC). And
/// net.ipv4.conf.all.rp_filter=0, because the kernel uses max(all, interface). Beyond keepalived: the
/// parent also gets arp_announce=2, because replies from a VIP leave through the parent (its connected
/// route comes first) and, with arp_announce=0, the parent's ARP requests would carry the VIP as sender
/// with the parent's MAC and re-point every neighbour's entry for the VIP away from the virtual MAC
/// (seen in the namespace test).
/// </summary>
internal static class VmacSysctls
{
    public static IEnumerable<(string Path, string Value)> ForVmac(string vmac, bool ipv6)
    {
        yield return ($"net/ipv4/conf/{vmac}/accept_local", "1");
        yield return ($"net/ipv4/conf/{vmac}/arp_ignore", "1");
        yield return ($"net/ipv4/conf/{vmac}/rp_filter", "0");
        yield return ($"net/ipv4/conf/{vmac}/promote_secondaries", "1");
        // An IPv4 VMAC must stay silent in IPv6 (no router solicitations or DAD from the shared virtual
        // MAC, which would pull the switch's MAC table towards a Backup); keepalived turns IPv6 off on it too.
        if (!ipv6) yield return ($"net/ipv6/conf/{vmac}/disable_ipv6", "1");
    }

    /// <summary>The parent's ARP and rp_filter settings matter to an IPv4 VMAC only (keepalived changes them for IPv4 instances).</summary>
    public static IEnumerable<(string Path, string Value)> ForParent(string parent, bool ipv6) => ipv6 ? [] :
    [
        ($"net/ipv4/conf/{parent}/arp_ignore", "1"),
        ($"net/ipv4/conf/{parent}/arp_filter", "1"),
        ($"net/ipv4/conf/{parent}/arp_announce", "2"),
        ("net/ipv4/conf/all/rp_filter", "0"),
    ];
}
