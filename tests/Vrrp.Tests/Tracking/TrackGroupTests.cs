using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;

namespace LvsDirector.Vrrp.Tests.Tracking;

/// <summary>keepalived's track_group: the group's instances track the devices of the static entries naming it (vrrp_static_track.c).</summary>
public class TrackGroupTests : IAsyncLifetime
{
    private readonly RouterHarness _h = new();

    private static VrrpOptions Options(string? trackGroup = "TG", bool noTrack = false) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[] { KeyValuePair.Create("VI_1", RouterHarness.Instance(1)), KeyValuePair.Create("VI_2", RouterHarness.Instance(2)) }),
        TrackGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[] { KeyValuePair.Create("TG", new EquatableArray<string>(new[] { "VI_1" })) }),
        Static = new StaticNetworkOptions
        {
            Addresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("198.51.100.5"), PrefixLength = 24, Device = "eth1", TrackGroup = trackGroup, NoTrack = noTrack } },
            Routes = new[] { new VirtualRouteOptions { Destination = IPAddress.Parse("203.0.113.0"), PrefixLength = 24, Device = "eth2", TrackGroup = trackGroup, NoTrack = noTrack } },
        },
    };

    private Task Until(VrrpState state) => _h.UntilState("VI_1", state);

    [Fact]
    public async Task TrackGroup_DeviceOfStaticAddressDown_GroupInstancesFaultOthersNot()
    {
        await _h.Router.ApplyAsync(Options());
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _h.Router.GetState("VI_1"));

        _h.Network.SetLink("eth1", false);

        await Until(VrrpState.Fault);
        Assert.Equal(VrrpState.Master, _h.Router.GetState("VI_2"));
        _h.Network.SetLink("eth1", true);
        await Until(VrrpState.Backup);
    }

    [Fact]
    public async Task TrackGroup_DeviceOfStaticRouteGone_Fault()
    {
        await _h.Router.ApplyAsync(Options());
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        _h.Network.SetLink("eth2", false);

        await Until(VrrpState.Fault);
    }

    [Fact]
    public async Task ApplyAsync_TrackGroupDeviceDownAtStart_StartsInFault()
    {
        _h.Network.DownInterfaces.Add("eth2");

        await _h.Router.ApplyAsync(Options());

        Assert.Equal(VrrpState.Fault, _h.Router.GetState("VI_1"));
        Assert.Equal(VrrpState.Backup, _h.Router.GetState("VI_2"));
    }

    [Fact]
    public async Task TrackGroup_EntriesWithNoTrack_DevicesNotTracked()
    {
        await _h.Router.ApplyAsync(Options(noTrack: true));
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        _h.Network.SetLink("eth1", false);
        _h.Time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Master, _h.Router.GetState("VI_1"));
    }

    [Fact]
    public async Task ApplyAsync_ReloadDropsTrackGroup_FaultCleared()
    {
        _h.Network.DownInterfaces.Add("eth1");
        await _h.Router.ApplyAsync(Options());
        Assert.Equal(VrrpState.Fault, _h.Router.GetState("VI_1"));

        await _h.Router.ApplyAsync(Options(trackGroup: null));

        await Until(VrrpState.Backup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();
}
