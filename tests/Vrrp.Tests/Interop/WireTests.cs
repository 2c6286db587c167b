using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// What our router puts on the wire, decoded by tshark from a capture on its bridge port: every advert's
/// version, VRID, priority, interval, addresses, TTL and checksum; their spacing; priority 0 as the last
/// one on graceful stop; GARP / unsolicited NA count and spacing per garp_master_repeat / garp_master_delay.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class WireTests(ITestOutputHelper output)
{
    private const int Vrid = 51;
    private const string Port = "v1"; // router A's bridge port in NamespaceLab

    public sealed record Case(string Name, int Version, bool Ipv6, bool Unicast, VrrpAuthenticationType Authentication, TimeSpan Interval)
    {
        public override string ToString() => Name;

        public string Vip => Ipv6 ? "2001:db8::100" : "192.0.2.100";
    }

    public static TheoryData<Case> Cases => new()
    {
        new Case("v2-ipv4-multicast-pass", 2, false, false, VrrpAuthenticationType.SimplePassword, TimeSpan.FromSeconds(1)),
        new Case("v2-ipv4-multicast-ah", 2, false, false, VrrpAuthenticationType.IpAuthenticationHeader, TimeSpan.FromSeconds(1)),
        new Case("v3-ipv4-multicast", 3, false, false, VrrpAuthenticationType.None, TimeSpan.FromMilliseconds(100)),
        new Case("v3-ipv6-multicast", 3, true, false, VrrpAuthenticationType.None, TimeSpan.FromMilliseconds(100)),
        new Case("v3-ipv4-unicast", 3, false, true, VrrpAuthenticationType.None, TimeSpan.FromMilliseconds(100)),
        new Case("v3-ipv4-multicast-10ms", 3, false, false, VrrpAuthenticationType.None, TimeSpan.FromMilliseconds(10)),
    };

    private static VrrpOptions Options(Case c, GratuitousAnnouncementOptions? gratuitous = null) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = Vrid,
            Version = (VrrpVersion)c.Version,
            Priority = 150,
            AdvertisementInterval = c.Interval,
            Authentication = c.Authentication == VrrpAuthenticationType.None ? null : new VrrpAuthenticationOptions { Type = c.Authentication, Password = "lvswpass" },
            SourceAddress = c.Unicast ? IPAddress.Parse("192.0.2.1") : null,
            UnicastPeers = c.Unicast ? new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.2") } } : EquatableArray<VrrpUnicastPeerOptions>.Empty,
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(c.Vip) } },
            Gratuitous = gratuitous ?? new GratuitousAnnouncementOptions(),
        })]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OursMaster_ThenGracefulStop_AdvertsOnTheWireMatchConfigurationAndEndWithPriorityZero(Case c)
    {
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        using var capture = await WireCapture.StartAsync(lab.Bridge, Port);
        var router = new VrrpRouter(logs, lab.A);
        try
        {
            await router.ApplyAsync(Options(c));
            var masterDown = VrrpTimers.MasterDownInterval((VrrpVersion)c.Version, 150, c.Interval);
            Assert.True(await NamespaceLab.WaitAsync(() => router.GetState("VI_1") == VrrpState.Master, masterDown + TimeSpan.FromSeconds(2)), logs.ToString());
            // At least ~20 adverts (or 4 at 1 s) to look at.
            await Task.Delay(c.Interval * (c.Interval >= TimeSpan.FromSeconds(1) ? 4 : 20) + TimeSpan.FromMilliseconds(100));
            await router.DisposeAsync();
            await capture.WaitForAsync("vrrp.prio == 0", 1, TimeSpan.FromSeconds(10));
            await Task.Delay(c.Interval * 2); // anything sent after the priority 0 would show now

            var ipTtl = c.Ipv6 ? "ipv6.hlim" : "ip.ttl";
            var ipDst = c.Ipv6 ? "ipv6.dst" : "ip.dst";
            var addr = c.Ipv6 ? "vrrp.ipv6_addr" : "vrrp.ip_addr";
            var interval = c.Version == 2 ? "vrrp.adver_int" : "vrrp.short_adver_int";
            var adverts = capture.Read("vrrp", "vrrp.version", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.addr_count", addr, interval, "vrrp.checksum.status", ipTtl, ipDst, "vrrp.auth_type", "ah.spi");
            output.WriteLine($"{c}: {adverts.Count} adverts captured");
            Assert.True(adverts.Count >= 4, $"only {adverts.Count} adverts on the wire; {capture}\n{logs}");

            var expectedInterval = c.Version == 2 ? ((int)c.Interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) : ((int)(c.Interval.TotalMilliseconds / 10)).ToString(CultureInfo.InvariantCulture);
            var expectedDestination = c.Unicast ? "192.0.2.2" : c.Ipv6 ? "ff02::12" : "224.0.0.18";
            foreach (var a in adverts)
            {
                Assert.Equal(c.Version.ToString(CultureInfo.InvariantCulture), a[0]);
                Assert.Equal("51", a[1]);
                Assert.Equal("1", a[3]);
                Assert.Equal(c.Vip, a[4]);
                Assert.Equal(expectedInterval, a[5]);
                Assert.Equal("255", a[7]);
                Assert.Equal(expectedDestination, a[8]);
                if (c.Version == 2) Assert.Equal(((int)c.Authentication).ToString(CultureInfo.InvariantCulture), a[9]);
                if (c.Authentication == VrrpAuthenticationType.IpAuthenticationHeader) Assert.Equal("0xc0000201", a[10]); // SPI = source address, as keepalived
                // tshark checks VRRPv2 and IPv4 VRRPv3 (pseudo-header) checksums; IPv6 is checked by the kernel of the receiver.
                if (!c.Ipv6) Assert.Equal("1", a[6]);
            }

            // Priority 150 throughout, then exactly one priority 0 as the very last advert.
            Assert.Equal("0", adverts[^1][2]);
            Assert.All(adverts.Take(adverts.Count - 1), a => Assert.Equal("150", a[2]));

            // Spacing of the regular adverts: the median is the configured interval.
            var gaps = adverts.Take(adverts.Count - 1).Zip(adverts.Skip(1).Take(adverts.Count - 2), (a, b) => (b.Time - a.Time).TotalMilliseconds).Order().ToList();
            var median = gaps[gaps.Count / 2];
            output.WriteLine($"{c}: advert spacing median {median:F2} ms, min {gaps[0]:F2}, max {gaps[^1]:F2} (configured {c.Interval.TotalMilliseconds} ms)");
            Assert.InRange(median, c.Interval.TotalMilliseconds * 0.9, c.Interval.TotalMilliseconds * 1.1 + 2);
        }
        finally
        {
            await router.DisposeAsync();
            output.WriteLine(logs.ToString());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OursBecomesMaster_GratuitousAnnouncements_RepeatBurstNowAndAgainAfterMasterDelay(bool ipv6)
    {
        var c = new Case(ipv6 ? "v3-ipv6" : "v3-ipv4", 3, ipv6, false, VrrpAuthenticationType.None, TimeSpan.FromMilliseconds(100));
        var delay = TimeSpan.FromSeconds(1);
        const int repeat = 3;
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        using var capture = await WireCapture.StartAsync(lab.Bridge, Port);
        await using var router = new VrrpRouter(logs, lab.A);
        try
        {
            await router.ApplyAsync(Options(c, new GratuitousAnnouncementOptions { MasterDelay = delay, MasterRepeat = repeat }));
            Assert.True(await NamespaceLab.WaitAsync(() => router.GetState("VI_1") == VrrpState.Master, TimeSpan.FromSeconds(3)), logs.ToString());
            await Task.Delay(delay * 2.5);
            var announced = ipv6 ? $"icmpv6.type == 136 && icmpv6.nd.na.target_address == {c.Vip}" : $"arp.isgratuitous && arp.src.proto_ipv4 == {c.Vip}";
            await capture.WaitForAsync(announced, repeat * 2, TimeSpan.FromSeconds(10));

            var firstAdvert = capture.Read("vrrp").First().Time;
            var announcements = capture.Read(announced);
            var offsets = announcements.Select(a => (a.Time - firstAdvert).TotalMilliseconds).ToList();
            output.WriteLine($"{c}: {announcements.Count} announcements at {string.Join(", ", offsets.Select(o => o.ToString("F1", CultureInfo.InvariantCulture)))} ms after the first advert");

            // garp_master_repeat at once (keepalived: advert first, then the burst), the same again after garp_master_delay.
            Assert.Equal(repeat * 2, announcements.Count);
            var first = offsets.Take(repeat).ToList();
            var second = offsets.Skip(repeat).ToList();
            // Upper bounds with room for a loaded CI machine; the lower bound is the one that catches a wrong delay.
            Assert.All(first, o => Assert.InRange(o, -50, 1000));
            Assert.All(second, o => Assert.InRange(o - first[0], delay.TotalMilliseconds - 5, delay.TotalMilliseconds + 1000));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }
}
