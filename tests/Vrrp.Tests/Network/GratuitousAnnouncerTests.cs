using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Network;

public class GratuitousAnnouncerTests
{
    private static readonly VirtualAddressOptions V4 = new() { Address = IPAddress.Parse("192.0.2.100") };
    private static readonly VirtualAddressOptions V6 = new() { Address = IPAddress.Parse("2001:db8::100"), Device = "eth1" };

    private readonly ManualTimeProvider _time = new();
    private readonly FakeFrameSender _sender;
    private readonly GratuitousAnnouncer _announcer;

    public GratuitousAnnouncerTests()
    {
        _sender = new FakeFrameSender(_time);
        _announcer = new GratuitousAnnouncer(_time, _sender, NullLogger.Instance);
    }

    private DateTimeOffset Start => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnnounceMaster_KeepalivedDefaults_FiveNowAndFiveAfterFiveSeconds()
    {
        _announcer.AnnounceMaster("VI_1", [V4], "eth0", new GratuitousAnnouncementOptions());

        Assert.Equal(5, _sender.Sent.Count);
        Assert.All(_sender.Sent, s => Assert.Equal(("eth0", V4.Address), (s.Device, s.Address)));
        _time.Advance(TimeSpan.FromSeconds(4.999));
        Assert.Equal(5, _sender.Sent.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(10, _sender.Sent.Count);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(10, _sender.Sent.Count);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void AnnounceMaster_DelayZero_NoSecondBurst()
    {
        _announcer.AnnounceMaster("VI_1", [V4], "eth0", new GratuitousAnnouncementOptions { MasterDelay = TimeSpan.Zero, MasterRepeat = 2 });
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public void AnnounceMaster_IntervalsSet_SpacesMessagesPerFamily()
    {
        var options = new GratuitousAnnouncementOptions { MasterRepeat = 2, MasterDelay = TimeSpan.Zero, ArpInterval = TimeSpan.FromMilliseconds(10), NeighborAdvertisementInterval = TimeSpan.FromMilliseconds(20) };
        _announcer.AnnounceMaster("VI_1", [V4, V6], "eth0", options);
        _time.Advance(TimeSpan.FromSeconds(1));

        var offsets = _sender.Sent.Select(s => (s.At - Start).TotalMilliseconds).ToArray();
        // v4 at 0, v6 +20, v4 +10, v6 +20.
        Assert.Equal([0, 20, 30, 50], offsets);
        Assert.Equal("eth1", _sender.Sent[1].Device);
    }

    [Fact]
    public void AnnounceMaster_Refresh_RepeatsUntilCancelled()
    {
        var options = new GratuitousAnnouncementOptions { MasterRepeat = 1, MasterDelay = TimeSpan.Zero, MasterRefresh = TimeSpan.FromSeconds(60), MasterRefreshRepeat = 2 };
        _announcer.AnnounceMaster("VI_1", [V4], "eth0", options);
        _time.Advance(TimeSpan.FromSeconds(180));
        Assert.Equal(1 + 3 * 2, _sender.Sent.Count);

        _announcer.Cancel("VI_1");
        _time.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal(7, _sender.Sent.Count);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void Cancel_BeforeSecondBurst_SuppressesIt()
    {
        _announcer.AnnounceMaster("VI_1", [V4], "eth0", new GratuitousAnnouncementOptions());
        _announcer.Cancel("VI_1");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, _sender.Sent.Count);
    }

    [Fact]
    public void AnnounceLowerPriority_DefaultsFollowMasterSettings()
    {
        _announcer.AnnounceLowerPriority("VI_1", [V4], "eth0", new GratuitousAnnouncementOptions { MasterRepeat = 3, MasterDelay = TimeSpan.FromSeconds(2) });
        Assert.Equal(3, _sender.Sent.Count);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(6, _sender.Sent.Count);
    }

    [Fact]
    public void AnnounceMaster_SenderThrows_LoggedAndOthersStillSent()
    {
        var failing = new ThrowingSender();
        using var announcer = new GratuitousAnnouncer(_time, failing, NullLogger.Instance);
        announcer.AnnounceMaster("VI_1", [V4, V6], "eth0", new GratuitousAnnouncementOptions { MasterRepeat = 1, MasterDelay = TimeSpan.Zero });
        Assert.Equal(2, failing.Attempts);
    }

    private sealed class ThrowingSender : IGratuitousFrameSender
    {
        public int Attempts { get; private set; }

        public void Send(string device, IPAddress address)
        {
            Attempts++;
            throw new IOException("no such device");
        }
    }
}
