using System.Net;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Network;

public class NftablesScriptTests
{
    [Fact]
    public void Build_Addresses_OneAtomicTableReplacement()
    {
        var script = NftablesScript.Build([IPAddress.Parse("192.0.2.101"), IPAddress.Parse("2001:db8::100"), IPAddress.Parse("192.0.2.100")]);
        Assert.Equal("""
            add table inet lvs_director_vrrp
            delete table inet lvs_director_vrrp
            table inet lvs_director_vrrp {
            	set vips4 {
            		type ipv4_addr
            		elements = { 192.0.2.100, 192.0.2.101 }
            	}
            	set vips6 {
            		type ipv6_addr
            		elements = { 2001:db8::100 }
            	}
            	chain input {
            		type filter hook input priority -1; policy accept;
            		ip daddr @vips4 counter drop
            		ip6 daddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
            		ip6 daddr @vips6 counter drop
            	}
            }

            """.ReplaceLineEndings("\n"), script);
    }

    [Fact]
    public void Build_NoAddresses_OnlyRemovesTheTable() =>
        Assert.Equal("add table inet lvs_director_vrrp\ndelete table inet lvs_director_vrrp\n", NftablesScript.Build([]));
}
