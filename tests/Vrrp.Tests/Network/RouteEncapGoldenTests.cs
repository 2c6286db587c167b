using System.Net;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>
/// Golden bytes for pref, expires, realms, congctl and encap ip/ip6/seg6/mpls: captured from iproute2 6.1 with
/// <c>strace -f -e trace=sendmsg -e write=all ip -n NS …</c> (eth0 index 3, sequence zeroed). ip(8) leaves stack
/// bytes in the padding after 1- and 2-byte attributes; those padding bytes are zeroed here (the kernel ignores them).
/// The mpls request was refused by this kernel (no mpls_iptunnel) after it was captured.
/// </summary>
public class RouteEncapGoldenTests
{
    private static int Index(string device) => device == "eth0" ? 3 : 0;

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    public static TheoryData<string, VirtualRouteOptions, string> Golden => new()
    {
        {
            "-6 route add 2001:db8:2::/64 via 2001:db8::2 proto 18 pref high expires 300 dev eth0",
            new VirtualRouteOptions { Destination = Ip("2001:db8:2::"), PrefixLength = 64, Gateway = Ip("2001:db8::2"), Preference = RoutePreference.High, Expires = 300, Device = "eth0" },
            "5c0000001800050600000000000000000a400000fe120001000000001400010020010db80002000000000000000000001400050020010db80000000000000000000000020500140001000000080017002c0100000800040003000000"
        },
        {
            "route add 203.0.113.0/24 via 192.0.2.2 proto 18 realms 3/4 dev eth0 congctl lock cubic",
            new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Gateway = Ip("192.0.2.2"), Realms = (3u << 16) | 4, Device = "eth0", CongestionControl = "cubic", CongestionControlLocked = true },
            "5400000018000506000000000000000002180000fe1200010000000008000100cb00710008000500c000020208000b00040003000800040003000000180008000900100063756269630000000800010000000100"
        },
        {
            "route add 198.51.100.0/24 proto 18 encap ip id 5 dst 203.0.113.9 src 192.0.2.1 ttl 9 tos 4 key csum dev eth0",
            new VirtualRouteOptions
            {
                Destination = Ip("198.51.100.0"), PrefixLength = 24, Device = "eth0",
                Encap = new RouteEncapOptions { Type = RouteEncapType.Ip, Id = 5, Destination = Ip("203.0.113.9"), Source = Ip("192.0.2.1"), Ttl = 9, Tos = 4, Flags = 0x05 },
            },
            "6c00000018000506000000000000000002180000fe12fd010000000008000100c6336400380016800c000100000000000000000508000200cb00710908000300c00002010500040009000000050005000400000006000600000500000600150002000000" + "0800040003000000"
        },
        {
            "-6 route add 2001:db8:1::/64 proto 18 encap ip6 id 5 dst 2001:db8::9 hoplimit 9 tc 4 dev eth0",
            new VirtualRouteOptions
            {
                Destination = Ip("2001:db8:1::"), PrefixLength = 64, Device = "eth0",
                Encap = new RouteEncapOptions { Type = RouteEncapType.Ip6, Id = 5, Destination = Ip("2001:db8::9"), Ttl = 9, Tos = 4 },
            },
            "740000001800050600000000000000000a400000fe120001000000001400010020010db8000100000000000000000000340016800c00010000000000000000051400020020010db80000000000000000000000090500040009000000050005000400000006001500040000000800040003000000"
        },
        {
            "route add 203.0.113.64/26 proto 18 encap seg6 mode encap segs 2001:db8::5,2001:db8::6 dev eth0",
            new VirtualRouteOptions
            {
                Destination = Ip("203.0.113.64"), PrefixLength = 26, Device = "eth0",
                Encap = new RouteEncapOptions { Type = RouteEncapType.Seg6, Seg6Mode = 1, Segments = new[] { Ip("2001:db8::5"), Ip("2001:db8::6") } },
            },
            "68000000180005060000000000000000021a0000fe12fd010000000008000100cb007140340016803000010001000000000404010100000020010db800000000000000000000000620010db800000000000000000000000506001500050000000800040003000000"
        },
        {
            "route add 198.51.100.128/25 via 192.0.2.2 proto 18 encap mpls 100/200 ttl 5 dev eth0",
            new VirtualRouteOptions
            {
                Destination = Ip("198.51.100.128"), PrefixLength = 25, Gateway = Ip("192.0.2.2"), Device = "eth0",
                Encap = new RouteEncapOptions { Type = RouteEncapType.Mpls, Labels = new[] { 100u, 200u }, Ttl = 5 },
            },
            "5400000018000506000000000000000002190000fe1200010000000008000100c633648008000500c0000202180016800c00010000064000000c810005000200050000000600150001000000" + "0800040003000000"
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void WriteAdd_SameWordsAsIproute2_SameBytes(string command, VirtualRouteOptions route, string expected)
    {
        var writer = new NetlinkAttributeWriter(512);
        RtnetlinkRouteMessages.WriteAdd(writer, route, Index);
        var actual = NetlinkRequestBytes.Hex(writer);
        Assert.True(expected == actual, $"ip {command}\nexpected {expected}\nactual   {actual}");
    }

    [Fact]
    public void WriteAdd_VrfWithoutTable_UsesTheVrfTable()
    {
        var writer = new NetlinkAttributeWriter(256);
        RtnetlinkRouteMessages.WriteAdd(writer, new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Device = "eth0", Vrf = "red" }, Index, vrf => vrf == "red" ? 1234u : null);

        Assert.True(NetlinkAttributeReader.TryFind(writer.WrittenSpan[(NetlinkMessageHeader.Size + RtnetlinkRouteMessages.RtmsgSize)..], RtnetlinkRouteMessages.RTA_TABLE, out var table));
        Assert.True(table.TryGetUInt32(out var id));
        Assert.Equal(1234u, id);
    }
}
