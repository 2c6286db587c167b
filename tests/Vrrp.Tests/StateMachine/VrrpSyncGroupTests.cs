using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.StateMachine;

public class VrrpSyncGroupTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly VrrpWorkQueue _queue;
    private readonly VrrpSyncGroup _group;
    private readonly List<(VrrpState From, VrrpState To)> _groupChanges = new();
    private readonly VrrpInstance _a;
    private readonly VrrpInstance _b;
    private readonly FakeTransport _ta;

    public VrrpSyncGroupTests()
    {
        _queue = new VrrpWorkQueue(_time, ex => throw ex);
        _group = new VrrpSyncGroup("G1", _queue, NullLogger.Instance, (_, from, to) => _groupChanges.Add((from, to)));
        _ta = new FakeTransport(_time, VrrpInstanceHarness.Local);
        _a = Create("VI_1", 51, _ta);
        _b = Create("VI_2", 52, new FakeTransport(_time, VrrpInstanceHarness.Local));
        _group.SetMembers([_a, _b]);
        _time.Advance(TimeSpan.Zero);
    }

    private VrrpInstance Create(string name, int vrid, FakeTransport transport) =>
        new(name, VrrpInstanceHarness.DefaultOptions() with { VirtualRouterId = vrid }, _time, transport, new FakeAddressManager(), new FakeAnnouncer(), new RecordingStateListener(), NullLogger.Instance);

    private void StartBothAsMaster()
    {
        _a.Start();
        _b.Start();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, _a.State);
        Assert.Equal(VrrpState.Master, _b.State);
    }

    [Fact]
    public void MemberFault_OthersSyncedToFault_AndBackTogether()
    {
        StartBothAsMaster();

        _b.SetInterfaceState(false);
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Fault, _a.State);
        Assert.False(_a.HasOwnFault);
        Assert.Equal(VrrpState.Fault, _group.State);
        _b.SetInterfaceState(true);
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(VrrpState.Backup, _a.State);
        Assert.Equal(VrrpState.Backup, _b.State);
        Assert.Equal([(VrrpState.Initialize, VrrpState.Backup), (VrrpState.Backup, VrrpState.Master), (VrrpState.Master, VrrpState.Fault), (VrrpState.Fault, VrrpState.Backup)], _groupChanges);
    }

    [Fact]
    public void TrackingFaultOnOne_WholeGroupFault()
    {
        StartBothAsMaster();

        _a.ApplyTracking(new TrackingStatus(0, ["track_script chk"]));
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Fault, _b.State);
    }

    [Fact]
    public void MasterDownOnOneOnly_WaitsForTheOthers()
    {
        _a.Start();
        _b.Start();
        // B keeps hearing a master; A does not.
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _b.OnAdvertisement(Advert(52, 150));
        }

        Assert.Equal(VrrpState.Backup, _a.State);
        Assert.True(_a.WantsMaster);
    }

    [Fact]
    public void MasterReceivesHigherPriority_GroupSyncsToBackup()
    {
        StartBothAsMaster();

        _a.OnAdvertisement(Advert(51, 200));
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(VrrpState.Backup, _a.State);
        Assert.Equal(VrrpState.Backup, _b.State);
    }

    private static ReceivedAdvertisement Advert(int vrid, int priority) => new(
        VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetwork, (byte)vrid, (byte)priority, 100, [VrrpInstanceHarness.Vip]),
        VrrpInstanceHarness.Peer, VrrpInstanceHarness.Group, 255, VrrpChecksumMode.IncludePseudoHeader);
}
