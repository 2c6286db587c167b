using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;

namespace LvsDirector.Vrrp.Tests.Network;

/// <summary>keepalived: a Master one of whose VIPs is deleted by hand goes to BACKUP (unless no_track).</summary>
public class VirtualAddressWatcherTests : IAsyncLifetime
{
    private readonly RouterHarness _h = new();

    private static VrrpOptions Options(bool noTrack = false) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            KeyValuePair.Create("VI_1", RouterHarness.Instance(1) with
            {
                VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.101"), PrefixLength = 24, NoTrack = noTrack } },
            }),
        }),
    };

    private static readonly NetworkChange VipDeleted = new(RouteEvents.Address, false, [], [new KernelAddressKey(2, IPAddress.Parse("192.0.2.101"), 24)]);

    [Fact]
    public async Task NetworkChanged_MasterVipDeleted_BackupThenMasterAgainWithItsAddress()
    {
        await _h.Router.ApplyAsync(Options());
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _h.Router.GetState("VI_1"));
        lock (_h.Network.StaticProbe.Deleted) _h.Network.StaticProbe.Deleted.Add("address 192.0.2.101/24 dev eth0");

        _h.Network.RaiseNetworkChanged(VipDeleted);

        await _h.UntilState("VI_1", VrrpState.Backup);
        lock (_h.Network.StaticProbe.Deleted) _h.Network.StaticProbe.Deleted.Clear();
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _h.Router.GetState("VI_1"));
        Assert.Contains("192.0.2.101/24 dev eth0", _h.Network.AddressManager.Present);
    }

    [Fact]
    public async Task CheckNow_VipWithNoTrack_StaysMaster()
    {
        await _h.Router.ApplyAsync(Options(noTrack: true));
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        lock (_h.Network.StaticProbe.Deleted) _h.Network.StaticProbe.Deleted.Add("address 192.0.2.101/24 dev eth0");

        _h.Network.RaiseNetworkChanged(VipDeleted);
        await Task.Delay(100);
        _h.Time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Master, _h.Router.GetState("VI_1"));
        Assert.Equal(0, _h.Network.StaticProbe.Checks);
    }

    [Fact]
    public async Task NetworkChanged_OtherAddressDeleted_KernelNotAsked()
    {
        await _h.Router.ApplyAsync(Options());
        _h.Time.Advance(TimeSpan.FromSeconds(4));

        _h.Network.RaiseNetworkChanged(new NetworkChange(RouteEvents.Address, false, [], [new KernelAddressKey(2, IPAddress.Parse("192.0.2.7"), 24)]));
        _h.Network.RaiseNetworkChanged(new NetworkChange(RouteEvents.Route, false, [], []));

        Assert.Equal(0, _h.Network.StaticProbe.Checks);
    }

    [Fact]
    public async Task CheckNow_BackupOnly_KernelNotAsked()
    {
        await _h.Router.ApplyAsync(Options());

        _h.Network.RaiseNetworkChanged();

        Assert.Equal(0, _h.Network.StaticProbe.Checks);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();
}
