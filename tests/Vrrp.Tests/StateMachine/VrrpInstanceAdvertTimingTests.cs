using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>When adverts go out and when the send socket is made ready: the failover-gap and period figures of issue 3.</summary>
public class VrrpInstanceAdvertTimingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private static VrrpInstanceHarness Harness() =>
        new(VrrpInstanceHarness.DefaultOptions() with { AdvertisementInterval = Interval });

    private static List<TimeSpan> Gaps(FakeTransport transport, int skip) =>
        transport.Sent.Skip(skip).Zip(transport.Sent.Skip(skip + 1), (a, b) => b.At - a.At).ToList();

    [Fact]
    public void Master_EachSendTakes300Microseconds_PeriodStaysExactlyTheInterval()
    {
        var h = Harness();
        h.StartAsMaster();
        // Sending (or the timer thread waking late) takes time; the next advert is still due one interval after the last one was.
        h.Transport.OnSend = () => h.Advance(0.3);

        h.Advance(1000);

        Assert.InRange(h.Transport.Sent.Count, 100, 101);
        Assert.All(Gaps(h.Transport, 0), g => Assert.Equal(Interval, g));
    }

    [Fact]
    public void Master_StalledForThreePeriods_NextAdvertOneIntervalLaterWithoutBurst()
    {
        var h = Harness();
        h.StartAsMaster();
        var stallAt = h.Transport.Sent.Count + 4;
        h.Transport.OnSend = () =>
        {
            if (h.Transport.Sent.Count == stallAt) h.Advance(35);
        };

        h.Advance(200);

        var gaps = Gaps(h.Transport, 0);
        // The stalled advert went out at its due time and its send ended 35 ms later: the next one follows 10 ms after that.
        Assert.Equal(TimeSpan.FromMilliseconds(45), gaps[stallAt - 1]);
        Assert.All(gaps.Where((_, i) => i != stallAt - 1), g => Assert.Equal(Interval, g));
    }

    [Fact]
    public void Master_ReceivesPriorityZero_AdvertAtOnceThenOneIntervalAfterIt()
    {
        var h = Harness();
        h.StartAsMaster();
        h.Advance(4);
        var before = h.Transport.Sent.Count;

        h.Receive(0);
        h.Advance(10);

        Assert.Equal(before + 2, h.Transport.Sent.Count);
        Assert.Equal(Interval, h.Transport.Sent[^1].At - h.Transport.Sent[^2].At);
    }

    [Fact]
    public void Start_Backup_PreparesTransportBeforeAnyAdvert()
    {
        var h = Harness();

        h.Instance.Start();

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(1, h.Transport.Prepared);
        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void InterfaceDownThenUp_BackupAgain_PreparesTransportAgain()
    {
        var h = Harness();
        h.Instance.Start();

        h.Instance.SetInterfaceState(false);
        h.Instance.SetInterfaceState(true);

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(2, h.Transport.Prepared);
    }

    [Fact]
    public void OnTimer_CallbackRunsAfterTimerWasReArmedForLater_DoesNothing()
    {
        var time = new HandFiredTimeProvider();
        var harness = Harness();
        var transport = new FakeTransport(time, VrrpInstanceHarness.Local);
        var instance = VrrpInstanceHarness.Create(harness.Options, time, transport);
        instance.Start();
        time.Advance(VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, Interval));

        // The timer thread has dequeued the master-down timer, but an advert re-arms it before the callback takes the lock.
        instance.OnAdvertisement(harness.FromPeer(200, interval: 1));
        time.Fire();

        Assert.Equal(VrrpState.Backup, instance.State);
        Assert.Empty(transport.Sent);
        time.AdvanceToDueAndFire();
        Assert.Equal(VrrpState.Master, instance.State);
        Assert.Equal(1, time.TimersCreated);
    }

    [Fact]
    public void MasterDownTimer_AdvertsUnreadInSocket_WaitsTheGraceAndStaysBackupWhenOneArrives()
    {
        var h = Harness();
        var reception = new FakeReception { Unread = true };
        h.Instance.Reception = reception;
        h.Instance.Start();
        var down = VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, Interval);

        h.Time.Advance(down);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        // The receive thread catches up within the grace: the queued advert re-arms the master-down timer.
        h.Time.Advance(VrrpInstance.ReceiveGrace / 2);
        h.Receive(200, interval: 1);
        h.Time.Advance(VrrpInstance.ReceiveGrace);

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void MasterDownTimer_SocketNeverEmpties_TakesOverAfterOneGraceOnly()
    {
        var h = Harness();
        h.Instance.Reception = new FakeReception { Unread = true };
        h.Instance.Start();
        var down = VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, Interval);

        h.Time.Advance(down + VrrpInstance.ReceiveGrace);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(h.Time.GetUtcNow(), h.Transport.Sent[0].At);
    }

    [Fact]
    public void MasterDownTimer_NothingUnread_TakesOverAtMasterDownInterval()
    {
        var h = Harness();
        h.Instance.Reception = new FakeReception();
        h.Instance.Start();
        var down = VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, Interval);

        h.Time.Advance(down);

        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    private sealed class FakeReception : IVrrpListener
    {
        public bool Unread { get; set; }

        public PendingDatagrams FindPendingDatagrams() => Unread ? PendingDatagrams.UnreadInSocket : PendingDatagrams.None;

        public void Dispose()
        {
        }
    }
}
