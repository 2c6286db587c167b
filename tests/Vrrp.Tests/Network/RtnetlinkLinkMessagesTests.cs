using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>Golden bytes captured from iproute2 6.1 (<c>strace … ip -n NS link …</c>, sequence zeroed; eth0 index 3, vrrp.51 index 5).</summary>
public class RtnetlinkLinkMessagesTests
{
    [Fact]
    public void WriteCreateMacvlan_LikeIpLinkAddTypeMacvlanModePrivate()
    {
        // ip link add link eth0 name vrrp.51 address 00:00:5e:00:01:33 type macvlan mode private
        var writer = new NetlinkAttributeWriter(256);
        RtnetlinkLinkMessages.WriteCreateMacvlan(writer, "vrrp.51", 3, RtnetlinkLinkMessages.VirtualRouterMac(51, ipv6: false), RtnetlinkLinkMessages.MACVLAN_MODE_PRIVATE);
        Assert.Equal(
            "5c000000100005060000000000000000000000000000000000000000000000000a00010000005e000133000008000500030000000c000300767272702e3531001c0012000b0001006d6163766c616e000c0002000800010001000000",
            NetlinkRequestBytes.Hex(writer));
    }

    [Fact]
    public void WriteSetAddrGenModeNone_LikeIpLinkSetAddrgenmodeNone()
    {
        // ip link set dev eth0 addrgenmode none (eth0 index 3; the padding after the u8 was zero in this capture)
        var writer = new NetlinkAttributeWriter(64);
        RtnetlinkLinkMessages.WriteSetAddrGenModeNone(writer, 3);
        Assert.Equal("300000001000050000000000000000000000000003000000000000000000000010001a000c000a000500080001000000", NetlinkRequestBytes.Hex(writer));
    }

    [Fact]
    public void WriteSetUp_LikeIpLinkSetUp()
    {
        // ip link set dev vrrp.51 up
        var writer = new NetlinkAttributeWriter(64);
        RtnetlinkLinkMessages.WriteSetUp(writer, 5, up: true);
        Assert.Equal("2000000010000500000000000000000000000000050000000100000001000000", NetlinkRequestBytes.Hex(writer));
    }

    [Fact]
    public void WriteDelete_LikeIpLinkDel()
    {
        // ip link del dev vrrp.51
        var writer = new NetlinkAttributeWriter(64);
        RtnetlinkLinkMessages.WriteDelete(writer, 5);
        Assert.Equal("2000000011000500000000000000000000000000050000000000000000000000", NetlinkRequestBytes.Hex(writer));
    }

    [Theory]
    [InlineData(1, false, "00:00:5e:00:01:01")]
    [InlineData(51, false, "00:00:5e:00:01:33")]
    [InlineData(255, true, "00:00:5e:00:02:ff")]
    public void VirtualRouterMac_Rfc5798Section7_3(int vrid, bool ipv6, string expected) =>
        Assert.Equal(expected, RtnetlinkLinkMessages.FormatMac(RtnetlinkLinkMessages.VirtualRouterMac(vrid, ipv6)));
}
