using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

/// <summary>keepalived's track_group: a deleted static address/route/rule naming the group puts its instances in FAULT.</summary>
public class TrackGroupTests : IAsyncLifetime
{
    private const string DeletedAddress = "static address 198.51.100.5/24 dev eth1";
    private readonly ManualTimeProvider _time = new();
    private readonly FakeNetwork _network;
    private readonly VrrpRouter _router;

    public TrackGroupTests()
    {
        _network = new FakeNetwork(_time);
        _router = new VrrpRouter(_network, _time, NullLoggerFactory.Instance, synchronousEvents: true, new TrackingDependencies(new ManualTimeProvider(), new FakeScriptLauncher(), new FakeProcessTable()));
    }

    private static VrrpInstanceOptions Instance(int vrid) => new()
    {
        Interface = "eth0",
        VirtualRouterId = vrid,
        Version = VrrpVersion.V3,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse($"192.0.2.{100 + vrid}"), PrefixLength = 24 } },
    };

    private static VrrpOptions Options(string? trackGroup = "TG") => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[] { KeyValuePair.Create("VI_1", Instance(1)), KeyValuePair.Create("VI_2", Instance(2)) }),
        TrackGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[] { KeyValuePair.Create("TG", new EquatableArray<string>(new[] { "VI_1" })) }),
        Static = new StaticNetworkOptions
        {
            Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("198.51.100.5"), PrefixLength = 24, Device = "eth1", TrackGroup = trackGroup } },
            Routes = new[] { new VirtualRouteOptions { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Device = "eth1", TrackGroup = trackGroup } },
        },
    };

    private async Task Until(VrrpState state, string instance = "VI_1") =>
        await Eventually.True(() =>
        {
            _time.Advance(TimeSpan.Zero);
            return _router.GetState(instance) == state;
        }, $"{instance} {state}");

    [Fact]
    public async Task NetworkChanged_TrackedStaticAddressDeleted_GroupInstancesFaultUntilBack()
    {
        await _router.ApplyAsync(Options());
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));

        _network.StaticProbe.Deleted.Add(DeletedAddress);
        _network.RaiseNetworkChanged(RouteEvents.Address);

        await Until(VrrpState.Fault);
        Assert.Equal(VrrpState.Master, _router.GetState("VI_2"));

        _network.StaticProbe.Deleted.Clear();
        _network.RaiseNetworkChanged(RouteEvents.Address);

        await Until(VrrpState.Backup);
    }

    [Fact]
    public async Task NetworkChanged_TrackedStaticRouteDeleted_Fault()
    {
        await _router.ApplyAsync(Options());
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.StaticProbe.Deleted.Add("static route 203.0.113.0/24 dev eth1");
        _network.RaiseNetworkChanged(RouteEvents.Route);

        await Until(VrrpState.Fault);
    }

    [Fact]
    public async Task ApplyAsync_TrackedEntryMissingAtStart_InstanceStartsInFault()
    {
        _network.StaticProbe.Deleted.Add(DeletedAddress);

        await _router.ApplyAsync(Options());

        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));
        Assert.Equal(VrrpState.Backup, _router.GetState("VI_2"));
    }

    [Fact]
    public async Task NetworkChanged_NoTrackGroupOnEntries_NeverProbed()
    {
        await _router.ApplyAsync(Options(trackGroup: null));
        _network.StaticProbe.Deleted.Add(DeletedAddress);

        _network.RaiseNetworkChanged(RouteEvents.All);

        Assert.Equal(0, _network.StaticProbe.Checks);
    }

    [Fact]
    public async Task ApplyAsync_ReloadDropsTrackGroup_FaultCleared()
    {
        _network.StaticProbe.Deleted.Add(DeletedAddress);
        await _router.ApplyAsync(Options());
        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));

        await _router.ApplyAsync(Options(trackGroup: null));

        await Until(VrrpState.Backup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _router.DisposeAsync();
}
