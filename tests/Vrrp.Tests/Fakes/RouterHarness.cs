using System.Collections.Concurrent;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Fakes;

/// <summary>A router on a <see cref="FakeNetwork"/>: the VRRP clock, a separate tracking clock, a fake launcher, delivered notifications.</summary>
internal sealed class RouterHarness : IAsyncDisposable
{
    public RouterHarness()
    {
        Network = new FakeNetwork(Time);
        Router = new VrrpRouter(Network, Time, NullLoggerFactory.Instance, synchronousEvents: true, new TrackingDependencies(TrackingTime, Launcher, new FakeProcessTable()));
        Router.NotificationDelivered += Delivered.Enqueue;
    }

    public ManualTimeProvider Time { get; } = new();

    public ManualTimeProvider TrackingTime { get; } = new();

    public FakeScriptLauncher Launcher { get; } = new();

    public FakeNetwork Network { get; }

    public VrrpRouter Router { get; }

    public ConcurrentQueue<VrrpNotification> Delivered { get; } = new();

    /// <summary>A v3 instance on eth0 with VIP 192.0.2.(100 + vrid)/24.</summary>
    public static VrrpInstanceOptions Instance(int vrid) => new()
    {
        Interface = "eth0",
        VirtualRouterId = vrid,
        Version = VrrpVersion.V3,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse($"192.0.2.{100 + vrid}"), PrefixLength = 24 } },
    };

    /// <summary>Waits (advancing the VRRP clock by zero to run posted work) until <paramref name="instance"/> is in <paramref name="state"/>.</summary>
    public async Task UntilState(string instance, LvsDirector.Vrrp.StateMachine.VrrpState state) =>
        await Eventually.True(() =>
        {
            Time.Advance(TimeSpan.Zero);
            return Router.GetState(instance) == state;
        }, $"{instance} {state}");

    public async ValueTask DisposeAsync() => await Router.DisposeAsync();
}
