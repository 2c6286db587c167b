using System.Net;
using System.Net.Sockets;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>One instance wired to fakes and a manual clock.</summary>
internal sealed class VrrpInstanceHarness
{
    public static readonly IPAddress Local = IPAddress.Parse("192.0.2.11");
    public static readonly IPAddress Peer = IPAddress.Parse("192.0.2.12");
    public static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");
    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");

    public VrrpInstanceHarness(VrrpInstanceOptions? options = null)
    {
        Options = options ?? DefaultOptions();
        Transport = new FakeTransport(Time, Options.EffectiveFamily == AddressFamily.InterNetworkV6 ? IPAddress.Parse("fe80::11") : Local);
        Instance = new VrrpInstance("VI_1", Options, Time, Transport, Addresses, Announcer, Listener, NullLogger.Instance);
    }

    public ManualTimeProvider Time { get; } = new();
    public FakeAddressManager Addresses { get; } = new();
    public FakeAnnouncer Announcer { get; } = new();
    public RecordingStateListener Listener { get; } = new();
    public FakeTransport Transport { get; }
    public VrrpInstanceOptions Options { get; }
    public VrrpInstance Instance { get; }

    public static VrrpInstanceOptions DefaultOptions(VrrpVersion version = VrrpVersion.V3) => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = version,
        Priority = 100,
        AdvertisementInterval = TimeSpan.FromSeconds(1),
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = Vip, PrefixLength = 24 } },
    };

    /// <summary>An instance of <paramref name="options"/> on another clock and transport (a harness's fakes for the rest).</summary>
    public static VrrpInstance Create(VrrpInstanceOptions options, TimeProvider time, IVrrpTransport transport)
    {
        var h = new VrrpInstanceHarness(options);
        return new VrrpInstance("VI_1", options, time, transport, h.Addresses, h.Announcer, h.Listener, NullLogger.Instance);
    }

    /// <summary>An advert as the peer would send it for this instance's configuration.</summary>
    public ReceivedAdvertisement FromPeer(int priority, IPAddress? source = null, ushort? interval = null, int ttl = 255, Func<VrrpAdvertisement, VrrpAdvertisement>? edit = null)
    {
        var vips = Options.VirtualAddresses.Select(v => v.Address);
        var advert = Options.Version == VrrpVersion.V2
            ? VrrpAdvertisement.CreateV2((byte)Options.VirtualRouterId, (byte)priority, (byte)(interval ?? 1), vips, Options.Authentication?.Type ?? VrrpAuthenticationType.None, VrrpAdvertisementChecks.PasswordBytes(Options))
            : VrrpAdvertisement.CreateV3(Options.EffectiveFamily, (byte)Options.VirtualRouterId, (byte)priority, interval ?? 100, vips);
        if (edit is not null) advert = edit(advert);
        return new ReceivedAdvertisement(advert, source ?? Peer, Group, ttl, VrrpChecksumMode.IncludePseudoHeader);
    }

    public void Receive(int priority, IPAddress? source = null, ushort? interval = null) => Instance.OnAdvertisement(FromPeer(priority, source, interval));

    public void Advance(double milliseconds) => Time.Advance(TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)));

    /// <summary>Starts and lets the master-down timer expire: the instance is Master.</summary>
    public void StartAsMaster()
    {
        Instance.Start();
        Time.Advance(VrrpTimers.MasterDownInterval(Options.Version, Options.Priority, Options.AdvertisementInterval));
        Assert.Equal(VrrpState.Master, Instance.State);
    }
}
