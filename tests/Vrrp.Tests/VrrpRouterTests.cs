using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests;

public class VrrpRouterTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeNetwork _network;
    private readonly VrrpRouter _router;
    private readonly List<VrrpStateChange> _changes = new();

    public VrrpRouterTests()
    {
        _network = new FakeNetwork(_time);
        _router = new VrrpRouter(_network, _time, NullLoggerFactory.Instance, synchronousEvents: true);
        _router.StateChanged += (_, c) => _changes.Add(c);
    }

    private static VrrpInstanceOptions Instance(int vrid, string vip = "192.0.2.100", int priority = 100) => new()
    {
        Interface = "eth0",
        VirtualRouterId = vrid,
        Version = VrrpVersion.V3,
        Priority = priority,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(vip), PrefixLength = 24 } },
    };

    private static VrrpOptions Options(params (string Name, VrrpInstanceOptions Options)[] instances) => new()
    {
        Instances = instances.ToImmutableSortedDictionary(i => i.Name, i => i.Options, StringComparer.Ordinal),
    };

    private void ToMaster() => _time.Advance(TimeSpan.FromSeconds(4));

    [Fact]
    public async Task ApplyAsync_NewInstances_StartAsBackupAndListen()
    {
        await _router.ApplyAsync(Options(("A", Instance(1)), ("B", Instance(2, "192.0.2.101"))));

        Assert.Equal(VrrpState.Backup, _router.GetState("A"));
        Assert.Equal(VrrpState.Backup, _router.GetState("B"));
        Assert.Equal(2, _network.ActiveListeners);
        ToMaster();
        Assert.Equal(VrrpState.Master, _router.GetState("A"));
        Assert.Contains(_changes, c => c.Instance == "B" && c.Current == VrrpState.Master);
    }

    [Fact]
    public async Task ApplyAsync_InvalidOptions_ThrowsWithAllErrorsAndChangesNothing()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();

        var ex = await Assert.ThrowsAsync<VrrpOptionsException>(() => _router.ApplyAsync(Options(("A", Instance(0)), ("B", Instance(2) with { Priority = 0 }))));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(VrrpState.Master, _router.GetState("A"));
        Assert.Null(_router.GetState("B"));
    }

    [Fact]
    public async Task ApplyAsync_UnchangedInstance_KeepsStateAndTimers()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();
        var sent = _network.Transports[1].Sent.Count;

        await _router.ApplyAsync(Options(("A", Instance(1)), ("B", Instance(2, "192.0.2.101"))));

        Assert.Equal(VrrpState.Master, _router.GetState("A"));
        Assert.Equal(sent, _network.Transports[1].Sent.Count);
        Assert.Single(_network.AllTransports, t => t == _network.Transports[1]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(sent + 1, _network.Transports[1].Sent.Count);
    }

    [Fact]
    public async Task ApplyAsync_RemovedMaster_SendsPriorityZeroAndReleasesAddresses()
    {
        await _router.ApplyAsync(Options(("A", Instance(1)), ("B", Instance(2, "192.0.2.101"))));
        ToMaster();

        await _router.ApplyAsync(Options(("B", Instance(2, "192.0.2.101"))));

        Assert.Null(_router.GetState("A"));
        Assert.Equal(0, _network.Transports[1].Sent[^1].Advert.Priority);
        Assert.DoesNotContain(_network.AddressManager.Present, p => p.StartsWith("192.0.2.100/"));
        Assert.Contains(_network.AddressManager.Present, p => p.StartsWith("192.0.2.101/"));
        Assert.Equal(1, _network.ActiveListeners);
    }

    [Fact]
    public async Task ApplyAsync_PriorityChanged_UpdatedInPlaceWithoutRestart()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();
        var transport = _network.Transports[1];

        await _router.ApplyAsync(Options(("A", Instance(1, priority: 150))));

        Assert.Equal(VrrpState.Master, _router.GetState("A"));
        Assert.Same(transport, _network.Transports[1]);
        Assert.Equal(150, transport.Sent[^1].Advert.Priority);
        Assert.DoesNotContain(transport.Sent, s => s.Advert.Priority == 0);
    }

    [Fact]
    public async Task ApplyAsync_VridChanged_RestartsInstance()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();
        var old = _network.Transports[1];

        await _router.ApplyAsync(Options(("A", Instance(7))));

        Assert.Equal(0, old.Sent[^1].Advert.Priority);
        Assert.Equal(VrrpState.Backup, _router.GetState("A"));
        Assert.Equal(1, _network.ActiveListeners);
    }

    [Fact]
    public async Task InterfaceDown_InstancesOnIt_EnterFault()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();

        _network.SetLink("eth0", false);

        Assert.Equal(VrrpState.Fault, _router.GetState("A"));
        _network.SetLink("eth0", true);
        Assert.Equal(VrrpState.Backup, _router.GetState("A"));
    }

    [Fact]
    public async Task StopAsync_Masters_SendPriorityZero()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();
        await _router.StopAsync();
        Assert.Equal(0, _network.Transports[1].Sent[^1].Advert.Priority);
        Assert.Empty(_network.AddressManager.Present);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public async Task StateChanged_SubscriberThrows_RouterCarriesOn()
    {
        _router.StateChanged += (_, _) => throw new InvalidOperationException("subscriber bug");
        await _router.ApplyAsync(Options(("A", Instance(1))));
        ToMaster();
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(VrrpState.Master, _router.GetState("A"));
    }

    [Fact]
    public async Task GetStatistics_UnattributedDropsAndInstances_Reported()
    {
        await _router.ApplyAsync(Options(("A", Instance(1))));
        _network.Sink!.OnIpv4Datagram("eth0", new byte[3]);
        var stats = _router.GetStatistics();
        Assert.Equal(1, stats.UnattributedDrops[VrrpDropReason.Truncated]);
        Assert.Equal("A", Assert.Single(stats.Instances).Instance);
    }

    [Fact]
    public void SameIdentity_PriorityOnly_True_InterfaceChanged_False()
    {
        Assert.True(VrrpRouter.SameIdentity(Instance(1), Instance(1, priority: 200)));
        Assert.False(VrrpRouter.SameIdentity(Instance(1), Instance(1) with { Interface = "eth1" }));
    }
}
