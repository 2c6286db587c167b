using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

/// <summary>keepalived's track_group: the group's instances track the devices of the static entries naming it (vrrp_static_track.c).</summary>
public class TrackGroupTests : IAsyncLifetime
{
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

    private static VrrpOptions Options(string? trackGroup = "TG", bool noTrack = false) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[] { KeyValuePair.Create("VI_1", Instance(1)), KeyValuePair.Create("VI_2", Instance(2)) }),
        TrackGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[] { KeyValuePair.Create("TG", new EquatableArray<string>(new[] { "VI_1" })) }),
        Static = new StaticNetworkOptions
        {
            Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("198.51.100.5"), PrefixLength = 24, Device = "eth1", TrackGroup = trackGroup, NoTrack = noTrack } },
            Routes = new[] { new VirtualRouteOptions { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Device = "eth2", TrackGroup = trackGroup, NoTrack = noTrack } },
        },
    };

    private async Task Until(VrrpState state, string instance = "VI_1") =>
        await Eventually.True(() =>
        {
            _time.Advance(TimeSpan.Zero);
            return _router.GetState(instance) == state;
        }, $"{instance} {state}");

    [Fact]
    public async Task TrackGroup_DeviceOfStaticAddressDown_GroupInstancesFaultOthersNot()
    {
        await _router.ApplyAsync(Options());
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));

        _network.SetLink("eth1", false);

        await Until(VrrpState.Fault);
        Assert.Equal(VrrpState.Master, _router.GetState("VI_2"));
        _network.SetLink("eth1", true);
        await Until(VrrpState.Backup);
    }

    [Fact]
    public async Task TrackGroup_DeviceOfStaticRouteGone_Fault()
    {
        await _router.ApplyAsync(Options());
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth2", false);

        await Until(VrrpState.Fault);
    }

    [Fact]
    public async Task ApplyAsync_TrackGroupDeviceDownAtStart_StartsInFault()
    {
        _network.DownInterfaces.Add("eth2");

        await _router.ApplyAsync(Options());

        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));
        Assert.Equal(VrrpState.Backup, _router.GetState("VI_2"));
    }

    [Fact]
    public async Task TrackGroup_EntriesWithNoTrack_DevicesNotTracked()
    {
        await _router.ApplyAsync(Options(noTrack: true));
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth1", false);
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
    }

    [Fact]
    public async Task ApplyAsync_ReloadDropsTrackGroup_FaultCleared()
    {
        _network.DownInterfaces.Add("eth1");
        await _router.ApplyAsync(Options());
        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));

        await _router.ApplyAsync(Options(trackGroup: null));

        await Until(VrrpState.Backup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _router.DisposeAsync();
}
