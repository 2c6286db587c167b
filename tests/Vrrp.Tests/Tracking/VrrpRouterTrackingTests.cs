using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

public class VrrpRouterTrackingTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly ManualTimeProvider _trackingTime = new();
    private readonly FakeNetwork _network;
    private readonly FakeScriptLauncher _launcher = new();
    private readonly VrrpRouter _router;
    private readonly ConcurrentQueue<VrrpNotification> _delivered = new();

    public VrrpRouterTrackingTests()
    {
        _network = new FakeNetwork(_time);
        _router = new VrrpRouter(_network, _time, NullLoggerFactory.Instance, synchronousEvents: true, new TrackingDependencies(_trackingTime, _launcher, new FakeProcessTable()));
        _router.NotificationDelivered += _delivered.Enqueue;
    }

    private static VrrpInstanceOptions Instance(int vrid, string @interface = "eth0") => new()
    {
        Interface = @interface,
        VirtualRouterId = vrid,
        Version = VrrpVersion.V3,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse($"192.0.2.{100 + vrid}"), PrefixLength = 24 } },
    };

    private static ImmutableSortedDictionary<string, T> Dict<T>(params (string, T)[] items) => items.ToImmutableSortedDictionary(i => i.Item1, i => i.Item2, StringComparer.Ordinal);

    [Fact]
    public async Task TrackInterface_Unweighted_DownIsFault()
    {
        var vi = Instance(1) with { Tracking = new VrrpTrackingOptions { Interfaces = new[] { new VrrpTrackReference { Name = "eth1" } } } };
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", vi)) });
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth1", false);
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));
        _network.SetLink("eth1", true);
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(VrrpState.Backup, _router.GetState("VI_1"));
    }

    [Fact]
    public async Task DontTrackPrimary_OwnInterfaceDown_NoFault()
    {
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Instance(1) with { DontTrackPrimary = true })) });
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth0", false);

        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
    }

    [Fact]
    public async Task InterfaceUpDownDelays_FlapShorterThanDelay_Absorbed()
    {
        var options = new VrrpOptions
        {
            Instances = Dict(("VI_1", Instance(1))),
            InterfaceDelays = Dict(("eth0", new InterfaceDelayOptions { Down = TimeSpan.FromSeconds(2), Up = TimeSpan.FromSeconds(1) })),
        };
        await _router.ApplyAsync(options);
        _time.Advance(TimeSpan.FromSeconds(4));

        _network.SetLink("eth0", false);
        _trackingTime.Advance(TimeSpan.FromSeconds(1));
        _network.SetLink("eth0", true);
        _trackingTime.Advance(TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));

        _network.SetLink("eth0", false);
        _trackingTime.Advance(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));
    }

    [Fact]
    public async Task SyncGroup_ThroughRouter_MastersTogetherAndGroupNotified()
    {
        var options = new VrrpOptions
        {
            Instances = Dict(("VI_1", Instance(1)), ("VI_2", Instance(2, "eth1"))),
            SyncGroups = Dict(("G1", new VrrpSyncGroupOptions
            {
                Members = new[] { "VI_1", "VI_2" },
                Notify = new VrrpNotifyOptions { Master = new VrrpScriptCommand { Arguments = new[] { "/g/master" } } },
            })),
        };
        await _router.ApplyAsync(options);
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Equal(VrrpState.Master, _router.GetState("VI_2"));
        Assert.Equal(VrrpState.Master, _router.GetGroupState("G1"));
        await Eventually.True(() => _launcher.Launches.Any(l => l.Arguments[0] == "/g/master"), "group notify_master ran");

        _network.SetLink("eth1", false);
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(VrrpState.Fault, _router.GetState("VI_1"));
    }

    [Fact]
    public async Task Reload_ScriptSetChanged_StateKept()
    {
        var vi = Instance(1);
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", vi)) });
        _time.Advance(TimeSpan.FromSeconds(4));
        var sent = _network.Transports[1].Sent.Count;

        var withScript = new VrrpOptions
        {
            Instances = Dict(("VI_1", vi with { Tracking = new VrrpTrackingOptions { Scripts = new[] { new VrrpTrackReference { Name = "chk" } } } })),
            Scripts = Dict(("chk", new VrrpScriptOptions { Command = new VrrpScriptCommand { Arguments = new[] { "/bin/chk" } }, Weight = 2 })),
        };
        await _router.ApplyAsync(withScript);
        await Eventually.True(() => !_launcher.Launches.IsEmpty, "the new script ran");
        await Eventually.True(() => { _time.Advance(TimeSpan.Zero); return _router.GetEffectivePriority("VI_1") == 102; }, "priority 102");

        Assert.Equal(VrrpState.Master, _router.GetState("VI_1"));
        Assert.Single(_network.AllTransports);                 // not restarted
        Assert.True(_network.Transports[1].Sent.Count >= sent);
    }

    [Fact]
    public async Task Notify_RouterTransitions_DeliveredInOrderWithSequence()
    {
        var vi = Instance(1) with { Notify = new VrrpNotifyOptions { Generic = new VrrpScriptCommand { Arguments = new[] { "/n/notify" } } } };
        await _router.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", vi)) });
        _time.Advance(TimeSpan.FromSeconds(4));
        _network.SetLink("eth0", false);

        await Eventually.True(() => _delivered.Count == 3, "three events");

        Assert.Equal(["BACKUP 1", "MASTER 2", "FAULT 3"], _delivered.Select(n => $"{n.State} {n.Sequence}").ToArray());
        Assert.Equal(["INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 100", "INSTANCE VI_1 FAULT 100"],
            _launcher.Launches.Select(l => string.Join(' ', l.Arguments.Skip(1))).ToArray());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _router.DisposeAsync();
}
