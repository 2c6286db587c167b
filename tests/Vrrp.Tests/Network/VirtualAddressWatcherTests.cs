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

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>keepalived: a Master one of whose VIPs is deleted by hand goes to BACKUP (unless no_track).</summary>
public class VirtualAddressWatcherTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeNetwork _network;
    private readonly VrrpRouter _router;

    public VirtualAddressWatcherTests()
    {
        _network = new FakeNetwork(_time);
        _router = new VrrpRouter(_network, _time, NullLoggerFactory.Instance, synchronousEvents: true, new TrackingDependencies(new ManualTimeProvider(), new FakeScriptLauncher(), new FakeProcessTable()));
    }

    private static VrrpOptions Options(bool noTrack = false) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            KeyValuePair.Create("VI_1", new VrrpInstanceOptions
            {
                Interface = "eth0",
                VirtualRouterId = 1,
                Version = VrrpVersion.V3,
                VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.101"), PrefixLength = 24, NoTrack = noTrack } },
            }),
        }),
    };

    [Fact]
    public async Task NetworkChanged_MasterVipDeleted_BackupThenMasterAgainWithItsAddress()
    {
        await _router.ApplyAsync(Options());
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        lock (_network.StaticProbe.Deleted) _network.StaticProbe.Deleted.Add("address 192.0.2.101/24 dev eth0");

        _network.RaiseNetworkChanged(RouteEvents.Address);

        await Eventually.True(() =>
        {
            _time.Advance(TimeSpan.Zero);
            return _router.GetState("VI_1") == VrrpState.Backup;
        }, "VI_1 went to BACKUP");
        lock (_network.StaticProbe.Deleted) _network.StaticProbe.Deleted.Clear();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Contains("192.0.2.101/24 dev eth0", _network.AddressManager.Present);
    }

    [Fact]
    public async Task CheckNow_VipWithNoTrack_StaysMaster()
    {
        await _router.ApplyAsync(Options(noTrack: true));
        _time.Advance(TimeSpan.FromSeconds(4));
        lock (_network.StaticProbe.Deleted) _network.StaticProbe.Deleted.Add("address 192.0.2.101/24 dev eth0");

        _network.RaiseNetworkChanged(RouteEvents.Address);
        await Task.Delay(100);
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Equal(0, _network.StaticProbe.Checks);
    }

    [Fact]
    public async Task CheckNow_BackupOnly_KernelNotAsked()
    {
        await _router.ApplyAsync(Options());

        _network.RaiseNetworkChanged(RouteEvents.Address);

        Assert.Equal(0, _network.StaticProbe.Checks);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _router.DisposeAsync();
}
