using System.Net;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>
/// Golden bytes: each expected request was captured from iproute2 6.1 with
/// <c>strace -e trace=sendmsg -e write=all ip -n NS route …</c> (the command is beside it; sequence zeroed;
/// eth0 had index 3), so our requests are byte for byte what ip(8) sends for the same words.
/// </summary>
public class RtnetlinkRouteMessagesTests
{
    private static int Index(string device) => device switch { "eth0" => 3, "eth1" => 2, _ => 0 };

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    public static TheoryData<string, VirtualRouteOptions, bool, string> Golden => new()
    {
        {
            "route add 198.51.100.0/24 via 192.0.2.254 src 192.0.2.1 table 100 metric 7 proto 18 dev eth0",
            new VirtualRouteOptions { Destination = Ip("198.51.100.0"), PrefixLength = 24, Gateway = Ip("192.0.2.254"), Source = Ip("192.0.2.1"), Table = 100, Metric = 7, Device = "eth0" },
            true,
            "4400000018000506000000000000000002180000641200010000000008000100c633640008000500c00002fe08000700c000020108000600070000000800040003000000"
        },
        {
            "route del 198.51.100.0/24 via 192.0.2.254 src 192.0.2.1 table 100 metric 7 proto 18 dev eth0",
            new VirtualRouteOptions { Destination = Ip("198.51.100.0"), PrefixLength = 24, Gateway = Ip("192.0.2.254"), Source = Ip("192.0.2.1"), Table = 100, Metric = 7, Device = "eth0" },
            false,
            "44000000190005000000000000000000021800006412ff000000000008000100c633640008000500c00002fe08000700c000020108000600070000000800040003000000"
        },
        {
            "route add 203.0.113.0/24 proto 18 dev eth0",
            new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Device = "eth0" },
            true,
            "2c00000018000506000000000000000002180000fe12fd010000000008000100cb0071000800040003000000"
        },
        {
            "route del 203.0.113.0/24 proto 18 dev eth0",
            new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Device = "eth0" },
            false,
            "2c00000019000500000000000000000002180000fe12ff000000000008000100cb0071000800040003000000"
        },
        {
            "route add blackhole 203.0.113.0/24 table 1000 metric 5 proto 18",
            new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Type = RouteType.Blackhole, Table = 1000, Metric = 5 },
            true,
            "3400000018000506000000000000000002180000001200060000000008000100cb00710008000f00e80300000800060005000000"
        },
        {
            "route del blackhole 203.0.113.0/24 table 1000 metric 5 proto 18",
            new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Type = RouteType.Blackhole, Table = 1000, Metric = 5 },
            false,
            "34000000190005000000000000000000021800000012ff060000000008000100cb00710008000f00e80300000800060005000000"
        },
        {
            "route add 2001:db8:1::/48 via 2001:db8::fe metric 1024 proto 18 dev eth0 mtu 1400 advmss 1300",
            new VirtualRouteOptions
            {
                Destination = Ip("2001:db8:1::"), PrefixLength = 48, Gateway = Ip("2001:db8::fe"), Metric = 1024, Device = "eth0",
                Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1400), new RouteMetricOptions(RouteMetric.AdvMss, 1300) },
            },
            true,
            "680000001800050600000000000000000a300000fe120001000000001400010020010db80001000000000000000000001400050020010db80000000000000000000000fe080006000004000008000400030000001400080008000200780500000800080014050000"
        },
        {
            "route add 198.51.100.128/25 proto 18 nexthop via 192.0.2.253 dev eth0 weight 2 nexthop via 192.0.2.252 dev eth0 weight 1",
            new VirtualRouteOptions
            {
                Destination = Ip("198.51.100.128"), PrefixLength = 25,
                Nexthops = new[]
                {
                    new RouteNexthopOptions { Gateway = Ip("192.0.2.253"), Device = "eth0", Weight = 2 },
                    new RouteNexthopOptions { Gateway = Ip("192.0.2.252"), Device = "eth0", Weight = 1 },
                },
            },
            true,
            "4800000018000506000000000000000002190000fe1200010000000008000100c633648024000900100000010300000008000500c00002fd100000000300000008000500c00002fc"
        },
        {
            "route add default via 198.51.100.1 table 200 proto 18 dev eth0 onlink",
            new VirtualRouteOptions { Destination = IPAddress.Any, PrefixLength = 0, Gateway = Ip("198.51.100.1"), Table = 200, Device = "eth0", OnLink = true },
            true,
            "2c00000018000506000000000000000002000000c81200010400000008000500c63364010800040003000000"
        },
        {
            "route add 203.0.113.64/26 proto 18 dev eth0 mtu lock 1300 initcwnd 10",
            new VirtualRouteOptions
            {
                Destination = Ip("203.0.113.64"), PrefixLength = 26, Device = "eth0",
                Metrics = new[] { new RouteMetricOptions(RouteMetric.Mtu, 1300, Locked: true), new RouteMetricOptions(RouteMetric.InitCwnd, 10) },
            },
            true,
            "48000000180005060000000000000000021a0000fe12fd010000000008000100cb00714008000400030000001c000800080002001405000008000b000a0000000800010004000000"
        },
        {
            "route add unreachable 203.0.113.128/25 proto 18",
            new VirtualRouteOptions { Destination = Ip("203.0.113.128"), PrefixLength = 25, Type = RouteType.Unreachable },
            true,
            "2400000018000506000000000000000002190000fe1200070000000008000100cb007180"
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Write_SameWordsAsIproute2_SameBytes(string command, VirtualRouteOptions route, bool add, string expected)
    {
        var writer = new NetlinkAttributeWriter(256);
        if (add) RtnetlinkRouteMessages.WriteAdd(writer, route, Index);
        else RtnetlinkRouteMessages.WriteDelete(writer, route, Index);
        Assert.True(expected == NetlinkRequestBytes.Hex(writer), $"ip {command}\nexpected {expected}\nactual   {NetlinkRequestBytes.Hex(writer)}");
    }

    [Fact]
    public void WriteAdd_ProtocolGiven_OverridesKeepalived()
    {
        var writer = new NetlinkAttributeWriter(256);
        RtnetlinkRouteMessages.WriteAdd(writer, new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Device = "eth0", Protocol = 4 }, Index);
        Assert.Equal(4, writer.WrittenSpan[NetlinkMessageHeader.Size + 5]);
    }

    [Theory]
    [InlineData(RouteType.Local, RtnetlinkRouteMessages.RT_SCOPE_HOST)]
    [InlineData(RouteType.Broadcast, RtnetlinkRouteMessages.RT_SCOPE_LINK)]
    [InlineData(RouteType.Blackhole, RtnetlinkRouteMessages.RT_SCOPE_UNIVERSE)]
    [InlineData(RouteType.Unicast, RtnetlinkRouteMessages.RT_SCOPE_LINK)]
    public void DefaultScope_LikeIproute2(RouteType type, byte scope) =>
        Assert.Equal(scope, RtnetlinkRouteMessages.DefaultScope(new VirtualRouteOptions { Destination = Ip("203.0.113.0"), PrefixLength = 24, Type = type }));

    [Fact]
    public void WriteAdd_AnyRoute_ParsesBackAsOneWellFormedMessage()
    {
        var route = new VirtualRouteOptions
        {
            Destination = Ip("2001:db8:5::"), PrefixLength = 64, Table = 70000, Metric = 9, Tos = 0, Protocol = 3,
            Nexthops = new[] { new RouteNexthopOptions { Gateway = Ip("2001:db8::1"), Device = "eth1", Weight = 256, OnLink = true } },
            Metrics = new[] { new RouteMetricOptions(RouteMetric.HopLimit, 64, Locked: true) },
        };
        var writer = new NetlinkAttributeWriter(256);
        RtnetlinkRouteMessages.WriteAdd(writer, route, Index);
        var messages = new NetlinkMessageReader(writer.WrittenSpan);
        var count = 0;
        foreach (var message in messages)
        {
            count++;
            Assert.Equal(RtnetlinkRouteMessages.RTM_NEWROUTE, message.Header.Type);
            var types = new List<ushort>();
            foreach (var attribute in new NetlinkAttributeReader(message.Payload[RtnetlinkRouteMessages.RtmsgSize..])) types.Add(attribute.Type);
            Assert.Equal([RtnetlinkRouteMessages.RTA_DST, RtnetlinkRouteMessages.RTA_TABLE, RtnetlinkRouteMessages.RTA_PRIORITY, RtnetlinkRouteMessages.RTA_METRICS, RtnetlinkRouteMessages.RTA_MULTIPATH], types);
        }
        Assert.Equal(1, count);
    }
}
