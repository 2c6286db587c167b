using System.Net;
using LvsDirector.Common.Netlink;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>Reading routes and rules of rtnetlink dumps (the track_group probe) and classifying event datagrams.</summary>
public class KernelEntryKeyTests
{
    // RTM_NEWROUTE payload: rtmsg {AF_INET, dst_len 24, src_len 0, tos 0, table 254, proto 18, scope 253, type 1, flags 0}
    // + RTA_TABLE 254 + RTA_DST 203.0.113.0 + RTA_OIF 3, laid out by hand after include/uapi/linux/rtnetlink.h.
    private static readonly byte[] Route =
    [
        0x02, 0x18, 0x00, 0x00, 0xfe, 0x12, 0xfd, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x08, 0x00, 0x0f, 0x00, 0xfe, 0x00, 0x00, 0x00,
        0x08, 0x00, 0x01, 0x00, 0xcb, 0x00, 0x71, 0x00,
        0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ];

    // RTM_NEWRULE payload: fib_rule_hdr {AF_INET, dst_len 0, src_len 24, tos 0, table 100, 0, 0, FR_ACT_TO_TBL, flags 0}
    // + FRA_TABLE 100 + FRA_PRIORITY 100 + FRA_SRC 198.51.100.0.
    private static readonly byte[] Rule =
    [
        0x02, 0x00, 0x18, 0x00, 0x64, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x08, 0x00, 0x0f, 0x00, 0x64, 0x00, 0x00, 0x00,
        0x08, 0x00, 0x06, 0x00, 0x64, 0x00, 0x00, 0x00,
        0x08, 0x00, 0x02, 0x00, 0xc6, 0x33, 0x64, 0x00,
    ];

    private static readonly VirtualRouteOptions ConfiguredRoute = new() { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Device = "eth1" };

    [Fact]
    public void TryRead_RouteDump_KeyFields()
    {
        Assert.True(KernelRouteKey.TryRead(Route, out var key));
        Assert.Equal((IPAddress.Parse("203.0.113.0"), (byte)24, 254u, (byte)1), (key.Destination, key.PrefixLength, key.Table, key.Type));
    }

    [Fact]
    public void Matches_SameRoute_TrueOtherTableOrMetricFalse()
    {
        KernelRouteKey.TryRead(Route, out var key);
        Assert.True(key.Matches(ConfiguredRoute));
        Assert.False(key.Matches(ConfiguredRoute with { Table = 100 }));
        Assert.False(key.Matches(ConfiguredRoute with { Metric = 5 }));
        Assert.False(key.Matches(ConfiguredRoute with { PrefixLength = 25 }));
    }

    [Fact]
    public void TryRead_RuleDump_MatchesConfiguredRule()
    {
        Assert.True(KernelRuleKey.TryRead(Rule, out var key));
        var rule = new VirtualRuleOptions { From = IPAddress.Parse("198.51.100.0"), FromPrefixLength = 24, Table = 100, Preference = 100 };
        Assert.True(key.Matches(rule));
        Assert.False(key.Matches(rule with { Preference = 101 }));
        Assert.False(key.Matches(rule with { From = null, FromPrefixLength = 0 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public void TryRead_Truncated_False(int length)
    {
        Assert.False(KernelRouteKey.TryRead(Route.AsSpan(0, length), out _));
        Assert.False(KernelRuleKey.TryRead(Rule.AsSpan(0, length), out _));
    }

    [Fact]
    public void Classify_LinkAndAddressMessages_BothKinds()
    {
        var writer = new NetlinkAttributeWriter(128);
        writer.BeginMessage(RouteEventClassifier.RTM_NEWLINK, 0);
        writer.WriteFamilyHeader(new byte[16]);
        writer.EndMessage();
        writer.BeginMessage(RouteEventClassifier.RTM_DELADDR, 0);
        writer.WriteFamilyHeader(new byte[8]);
        writer.EndMessage();

        Assert.Equal(RouteEvents.Link | RouteEvents.Address, RouteEventClassifier.Classify(writer.ToArray()));
    }

    [Fact]
    public void Classify_Garbage_NoneAndNoThrow()
    {
        Assert.Equal(RouteEvents.None, RouteEventClassifier.Classify([0xff, 0xff, 0xff]));
        Assert.Equal(RouteEvents.None, RouteEventClassifier.Classify([]));
    }

    [Fact]
    public void Read_DelRouteAndDelAddr_DeletedKeys()
    {
        var writer = new NetlinkAttributeWriter(256);
        writer.BeginMessage(RouteEventClassifier.RTM_DELROUTE, 0);
        writer.WriteFamilyHeader(Route.AsSpan(0, RtnetlinkRouteMessages.RtmsgSize));
        writer.WriteBytes(RtnetlinkRouteMessages.RTA_DST, IPAddress.Parse("203.0.113.0").GetAddressBytes());
        writer.EndMessage();
        writer.BeginMessage(RouteEventClassifier.RTM_DELADDR, 0);
        writer.WriteFamilyHeader([0x02, 0x18, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00]);
        writer.WriteBytes(RtnetlinkAddressMessages.IFA_LOCAL, IPAddress.Parse("198.51.100.5").GetAddressBytes());
        writer.EndMessage();

        var change = RouteEventClassifier.Read(writer.ToArray());

        Assert.Equal(RouteEvents.Route | RouteEvents.Address, change.Events);
        Assert.True(Assert.Single(change.DeletedRoutes).Matches(ConfiguredRoute));
        Assert.Equal(new KernelAddressKey(3, IPAddress.Parse("198.51.100.5"), 24), Assert.Single(change.DeletedAddresses));
        Assert.False(change.Resync);
    }
}
