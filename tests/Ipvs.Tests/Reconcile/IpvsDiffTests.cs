using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;

namespace LvsDirector.Ipvs.Tests.Reconcile;

public class IpvsDiffTests
{
    private static readonly IpvsServiceKey Web = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80);
    private static readonly IpvsServiceKey Dns = IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("192.0.2.100"), 53);
    private static readonly IpvsServiceKey Foreign = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.1"), 443);
    private static readonly IReadOnlySet<IpvsServiceKey> NoneOwned = new HashSet<IpvsServiceKey>();

    private static IpvsDestination Real(int last, int weight = 1) => new() { Address = IPAddress.Parse($"198.51.100.{last}"), Port = 80, Weight = weight };

    private static IpvsServiceSnapshot Svc(IpvsServiceKey key, string scheduler = "wlc", params IpvsDestination[] dests) =>
        new(new IpvsService { Key = key, Scheduler = scheduler }.WithDefaults(), dests);

    private static string[] Describe(IpvsChangeSet set) => set.Changes.Select(c => c.ToString()).ToArray();

    [Fact]
    public void Compute_EmptyKernel_AddsServicesThenDestinations()
    {
        var set = IpvsDiff.Compute(new[] { Svc(Web, "rr", Real(11), Real(12)) }, Array.Empty<IpvsServiceSnapshot>(), NoneOwned);

        Assert.Equal(new[]
        {
            "add service TCP 192.0.2.100:80",
            "add dest 198.51.100.11:80 to TCP 192.0.2.100:80",
            "add dest 198.51.100.12:80 to TCP 192.0.2.100:80",
        }, Describe(set));
    }

    [Fact]
    public void Compute_IdenticalTables_NoChanges()
    {
        var table = new[] { Svc(Web, "rr", Real(11), Real(12)), Svc(Dns, "wrr", Real(13)) };
        var set = IpvsDiff.Compute(table, table.Reverse().ToArray(), NoneOwned);
        Assert.True(set.IsEmpty);
    }

    [Fact]
    public void Compute_WeightChanged_EditsDestinationInPlace()
    {
        var set = IpvsDiff.Compute(new[] { Svc(Web, "rr", Real(11, 5)) }, new[] { Svc(Web, "rr", Real(11, 1)) }, NoneOwned);

        var change = Assert.Single(set.Changes);
        Assert.Equal(IpvsChangeKind.EditDestination, change.Kind);
        Assert.Equal(5, change.Destination!.Weight);
    }

    [Theory]
    [InlineData("thresholds")]
    [InlineData("method")]
    [InlineData("tunnel")]
    public void Compute_DestinationSettingChanged_EditsNeverDeletes(string what)
    {
        var before = Real(11);
        var after = what switch
        {
            "thresholds" => before with { UpperThreshold = 100, LowerThreshold = 10 },
            "method" => before with { ForwardingMethod = IpvsForwardingMethod.Masquerade },
            _ => before with { ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080 },
        };
        var set = IpvsDiff.Compute(new[] { Svc(Web, "rr", after) }, new[] { Svc(Web, "rr", before) }, NoneOwned);
        Assert.Equal(new[] { "edit dest 198.51.100.11:80 in TCP 192.0.2.100:80" }, Describe(set));
    }

    [Theory]
    [InlineData("scheduler")]
    [InlineData("flags")]
    [InlineData("timeout")]
    [InlineData("netmask")]
    [InlineData("pe")]
    public void Compute_ServiceSettingChanged_EditsServiceKeepsDestinations(string what)
    {
        var before = Svc(Web, "rr", Real(11));
        var s = before.Service;
        var changed = what switch
        {
            "scheduler" => s with { Scheduler = "wlc" },
            "flags" => s with { Flags = IpvsServiceFlags.OnePacket },
            "timeout" => s with { Flags = IpvsServiceFlags.Persistent, TimeoutSeconds = 300 },
            "netmask" => s with { Netmask = 0xFFFFFF00 },
            _ => s with { Flags = IpvsServiceFlags.Persistent, TimeoutSeconds = 60, PersistenceEngine = "sip" },
        };
        var set = IpvsDiff.Compute(new[] { before with { Service = changed } }, new[] { before }, NoneOwned);
        Assert.Equal(new[] { "edit service TCP 192.0.2.100:80" }, Describe(set));
    }

    [Fact]
    public void Compute_ExtraDestinationUnderOurService_DeletedFirst()
    {
        var set = IpvsDiff.Compute(
            new[] { Svc(Web, "rr", Real(11)), Svc(Dns, "rr") },
            new[] { Svc(Web, "rr", Real(11), Real(99)) },
            NoneOwned);
        Assert.Equal(new[]
        {
            "delete dest 198.51.100.99:80 from TCP 192.0.2.100:80",
            "add service UDP 192.0.2.100:53",
        }, Describe(set));
    }

    [Fact]
    public void Compute_UnconfiguredServiceNotOwned_LeftAloneAndReported()
    {
        var set = IpvsDiff.Compute(new[] { Svc(Web, "rr") }, new[] { Svc(Web, "rr"), Svc(Foreign, "rr", Real(5)) }, NoneOwned);
        Assert.True(set.IsEmpty);
        Assert.Equal(new[] { Foreign }, set.Unmanaged);
    }

    [Fact]
    public void Compute_UnconfiguredServiceOwned_Deleted()
    {
        var set = IpvsDiff.Compute(new[] { Svc(Web, "rr") }, new[] { Svc(Web, "rr"), Svc(Dns, "rr", Real(5)) }, new HashSet<IpvsServiceKey> { Dns });
        Assert.Equal(new[] { "delete service UDP 192.0.2.100:53" }, Describe(set));
        Assert.Empty(set.Unmanaged);
    }

    [Fact]
    public void Compute_OwnedButAlreadyGone_NothingToDelete()
    {
        var set = IpvsDiff.Compute(Array.Empty<IpvsServiceSnapshot>(), Array.Empty<IpvsServiceSnapshot>(), new HashSet<IpvsServiceKey> { Dns });
        Assert.True(set.IsEmpty);
    }

    [Fact]
    public void Compute_FirewallMarkAndIpv6Services_KeyedSeparately()
    {
        var fwm = IpvsServiceKey.ForFirewallMark(7);
        var fwm6 = IpvsServiceKey.ForFirewallMark(7, System.Net.Sockets.AddressFamily.InterNetworkV6);
        var set = IpvsDiff.Compute(new[] { Svc(fwm), Svc(fwm6) }, new[] { Svc(fwm) }, NoneOwned);
        Assert.Equal(new[] { "add service FWM 7 IPv6" }, Describe(set));
    }

    [Fact]
    public void Compute_DesiredNetmaskZero_TreatedAsFamilyDefault()
    {
        var want = new IpvsServiceSnapshot(new IpvsService { Key = Web, Scheduler = "rr" }, Array.Empty<IpvsDestination>());
        var have = Svc(Web, "rr");
        Assert.True(IpvsDiff.Compute(new[] { want }, new[] { have }, NoneOwned).IsEmpty);
    }

    /// <summary>Applying the change set to the kernel table yields the desired table (for services that are ours), and diffing again yields nothing.</summary>
    [Fact]
    public void Compute_ArbitraryTables_ApplyingChangesConverges()
    {
        var keys = new[] { Web, Dns, Foreign, IpvsServiceKey.ForFirewallMark(3) };
        Prop.ForAll<(byte[], byte[], byte)>(input =>
        {
            var (wantBits, haveBits, ownedBits) = input;
            IpvsServiceSnapshot[] Table(byte[]? bits) => (bits ?? Array.Empty<byte>()).Take(4).Select((b, i) => (b, i)).Where(x => (x.b & 1) == 1)
                .Select(x => Svc(keys[x.i], (x.b & 2) == 0 ? "rr" : "wlc", Enumerable.Range(1, 4).Where(n => (x.b >> (n + 1) & 1) == 1).Select(n => Real(n, x.b >> 6)).ToArray()))
                .ToArray();
            var desired = Table(wantBits);
            var kernel = Table(haveBits);
            var owned = keys.Where((k, i) => (ownedBits >> i & 1) == 1).ToHashSet();

            var set = IpvsDiff.Compute(desired, kernel, owned);
            var fake = new Fakes.FakeIpvsClient();
            foreach (var k in kernel) fake.Seed(k.Service, k.Destinations.ToArray());
            var failures = fake.ApplyChangesAsync(set.Changes, CancellationToken.None).Result;
            var after = fake.Services.Values.Select(s => new IpvsServiceSnapshot(s, fake.Destinations[s.Key].ToList())).ToArray();
            var again = IpvsDiff.Compute(desired, after, owned);

            bool noDeleteAndReAdd = !set.Changes.Any(c => c.Kind == IpvsChangeKind.DeleteService && desired.Any(d => d.Service.Key == c.ServiceKey));
            bool foreignUntouched = kernel.Where(k => !owned.Contains(k.Service.Key) && !desired.Any(d => d.Service.Key == k.Service.Key))
                .All(k => fake.Services.ContainsKey(k.Service.Key));
            return failures.Count == 0 && again.IsEmpty && noDeleteAndReAdd && foreignUntouched;
        }).QuickCheckThrowOnFailure();
    }
}
