using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tracking;

namespace LvsDirector.Vrrp.Tests.StateMachine;

public class VrrpInstanceTrackingTests
{
    private static TrackingStatus Delta(long d) => new(d, []);

    private static TrackingStatus Fault(string what) => new(0, [what]);

    [Fact]
    public void ApplyTracking_Delta_AdvertsCarryEffectivePriority()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();

        h.Instance.ApplyTracking(Delta(2));
        h.Advance(1000);

        Assert.Equal(102, h.Instance.EffectivePriority);
        Assert.Equal(102, h.Transport.Sent[^1].Advert.Priority);
    }

    [Fact]
    public void ApplyTracking_Owner_NotAdjusted()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Priority = 255 });
        h.Instance.Start();

        h.Instance.ApplyTracking(Delta(-50));

        Assert.Equal(255, h.Instance.EffectivePriority);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void ApplyTracking_FaultWhileMaster_SendsPriorityZeroReleasesAndRecovers()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();

        h.Instance.ApplyTracking(Fault("track_script chk"));

        Assert.Equal(VrrpState.Fault, h.Instance.State);
        Assert.Equal(0, h.Transport.Sent[^1].Advert.Priority);
        Assert.Empty(h.Addresses.Present);
        var sent = h.Transport.Sent.Count;
        h.Advance(10_000);
        Assert.Equal(sent, h.Transport.Sent.Count);        // silent in FAULT

        h.Instance.ApplyTracking(TrackingStatus.None);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal([VrrpState.Backup, VrrpState.Master, VrrpState.Fault, VrrpState.Backup], h.Listener.Changes.Select(c => c.Current).ToArray());
    }

    [Fact]
    public void Start_TrackerAlreadyFailed_StartsInFault()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.ApplyTracking(Fault("track_interface eth1"));

        h.Instance.Start();

        Assert.Equal(VrrpState.Fault, h.Instance.State);
    }

    [Fact]
    public void ApplyTracking_BackupRisesAbovePreemptingMaster_TakesOverAfterMasterDown()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        h.Receive(101);
        h.Advance(1000);
        h.Receive(101);

        h.Instance.ApplyTracking(Delta(2));      // 102 > 101: the master's adverts are now lower
        for (var i = 0; i < 4; i++)
        {
            h.Advance(1000);
            h.Receive(101);
        }

        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void ApplyTracking_NoPreempt_BackupStaysBackup()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Preempt = false });
        h.Instance.Start();
        h.Receive(90);

        h.Instance.ApplyTracking(Delta(20));
        for (var i = 0; i < 5; i++)
        {
            h.Advance(1000);
            h.Receive(90);
        }

        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void MasterReceivesLowerPriority_SplitBrain_ReassertsCountsAndNotifies()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        var sent = h.Transport.Sent.Count;

        h.Receive(50);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(sent + 1, h.Transport.Sent.Count);
        Assert.Contains("lower VI_1", h.Announcer.Calls);
        Assert.Equal(1, h.Instance.GetStatistics().MasterReceivedLowerPriority);
        Assert.Equal(["VI_1 100"], h.Listener.LowerPriority);
    }

    [Fact]
    public void MasterReceivesEqualPriorityFromHigherAddress_StepsDown()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();

        h.Receive(100, System.Net.IPAddress.Parse("192.0.2.200"));

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(0, h.Instance.GetStatistics().MasterReceivedLowerPriority);
    }
}
