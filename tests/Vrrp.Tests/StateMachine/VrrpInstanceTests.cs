using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.StateMachine;

public class VrrpInstanceTests
{
    private static readonly IPAddress HigherAddress = IPAddress.Parse("192.0.2.200");
    private static readonly IPAddress LowerAddress = IPAddress.Parse("192.0.2.5");

    [Fact]
    public void Start_Priority100_EntersBackupWithoutSendingOrAddingAddresses()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Empty(h.Transport.Sent);
        Assert.Empty(h.Addresses.Present);
        Assert.Equal(1, h.Time.ActiveTimerCount);
    }

    [Fact]
    public void MasterDownTimer_NoAdverts_BecomesMasterExactlyAtMasterDownInterval()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();

        // v3, 1 s, priority 100: 3 s + (156 / 256) s = 3609.375 ms.
        h.Advance(3609.374);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        h.Advance(0.001);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Single(h.Transport.Sent);
        Assert.Equal(100, h.Transport.Sent[0].Advert.Priority);
        Assert.Contains("192.0.2.100/24 dev eth0", h.Addresses.Present);
        Assert.Equal(["master VI_1 192.0.2.100"], h.Announcer.Calls);
        var change = Assert.Single(h.Listener.Changes, c => c.Current == VrrpState.Master);
        Assert.Equal(VrrpState.Backup, change.Previous);
    }

    [Fact]
    public void Master_AdvertTimer_SendsOneAdvertPerInterval()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        var before = h.Transport.Sent.Count;

        h.Advance(10_000);

        Assert.Equal(before + 10, h.Transport.Sent.Count);
        var gaps = h.Transport.Sent.Skip(before - 1).Zip(h.Transport.Sent.Skip(before), (a, b) => b.At - a.At);
        Assert.All(gaps, g => Assert.Equal(TimeSpan.FromSeconds(1), g));
    }

    [Fact]
    public void Backup_HigherPriorityAdvertsEverySecond_StaysBackup()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        for (var i = 0; i < 20; i++)
        {
            h.Receive(150);
            h.Advance(1000);
        }
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void Backup_LowerPriorityAdvertsWithPreempt_DiscardedAndTakesOverAtMasterDown()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        for (var i = 0; i < 3; i++)
        {
            h.Receive(50);
            h.Advance(1000);
        }
        h.Receive(50);
        h.Advance(609.375);

        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void Backup_LowerPriorityAdvertsWithNopreempt_StaysBackup()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Preempt = false });
        h.Instance.Start();
        for (var i = 0; i < 20; i++)
        {
            h.Receive(50);
            h.Advance(1000);
        }
        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void Backup_PriorityZeroAdvert_TakesOverAfterSkewTime()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        h.Receive(150);
        h.Advance(500);
        h.Receive(0);

        h.Advance(609.374);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        h.Advance(0.001);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1, h.Instance.GetStatistics().PriorityZeroReceived);
    }

    [Fact]
    public void Backup_V3AdvertWith10CentisecondInterval_LearnsMasterAdvertInterval()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        h.Receive(150, interval: 10);

        Assert.Equal(TimeSpan.FromMilliseconds(100), h.Instance.MasterAdvertisementInterval);
        // Master_Down_Interval with the learned 100 ms: 300 + 60.9375 ms.
        h.Advance(360.937);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        h.Advance(0.001);
        Assert.Equal(VrrpState.Master, h.Instance.State);
        // As Master it advertises its own configured interval again.
        Assert.Equal(100, h.Transport.Sent[^1].Advert.AdvertisementInterval);
    }

    [Fact]
    public void Master_HigherPriorityAdvert_BecomesBackupAndReleasesAddresses()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        h.Receive(200);

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Empty(h.Addresses.Present);
        Assert.Contains("cancel VI_1", h.Announcer.Calls);
        Assert.Equal(1, h.Instance.GetStatistics().ReleasedMaster);
        // Leaving for a better master sends no priority 0.
        Assert.DoesNotContain(h.Transport.Sent, s => s.Advert.Priority == 0);
    }

    [Fact]
    public void Master_EqualPriorityFromHigherAddress_BecomesBackup()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        h.Receive(100, HigherAddress);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void Master_EqualPriorityFromLowerAddress_StaysMaster()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        h.Receive(100, LowerAddress);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void Master_LowerPriorityAdvert_ReassertsAtOnceAndAnnounces()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        var sent = h.Transport.Sent.Count;

        h.Receive(50);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(sent + 1, h.Transport.Sent.Count);
        Assert.Contains("lower VI_1", h.Announcer.Calls);
    }

    [Fact]
    public void Master_LowerPriorityAdvertWithLowerPrioRepeatZero_DoesNotAnnounce()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Gratuitous = new GratuitousAnnouncementOptions { LowerPriorityRepeat = 0 } });
        h.StartAsMaster();
        h.Receive(50);
        Assert.DoesNotContain("lower VI_1", h.Announcer.Calls);
    }

    [Fact]
    public void Master_PriorityZeroAdvert_SendsAdvertAtOnce()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        var sent = h.Transport.Sent.Count;
        h.Receive(0);
        Assert.Equal(sent + 1, h.Transport.Sent.Count);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void Stop_AsMaster_SendsPriorityZeroAndRemovesAddresses()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();

        h.Instance.Stop();

        Assert.Equal(0, h.Transport.Sent[^1].Advert.Priority);
        Assert.Empty(h.Addresses.Present);
        Assert.Equal(VrrpState.Initialize, h.Instance.State);
        Assert.Equal(0, h.Time.ActiveTimerCount);
    }

    [Fact]
    public void Stop_AsBackup_SendsNothing()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        h.Instance.Stop();
        Assert.Empty(h.Transport.Sent);
        Assert.Equal(0, h.Time.ActiveTimerCount);
    }

    [Fact]
    public void Start_Priority255_BecomesMasterAtOnce()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Priority = 255, InitialState = VrrpInitialState.Master });
        h.Instance.Start();
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(255, h.Transport.Sent[0].Advert.Priority);
    }

    [Fact]
    public void Start_StateMasterWithPriority100_StartsAsBackupLikeKeepalived()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { InitialState = VrrpInitialState.Master });
        h.Instance.Start();
        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void Backup_LowerPriorityMasterWithPreemptDelay_TakesOverWhenDelayEnds()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { PreemptDelay = TimeSpan.FromSeconds(10) });
        h.Instance.Start();
        for (var i = 0; i < 9; i++)
        {
            h.Receive(50);
            h.Advance(1000);
            Assert.Equal(VrrpState.Backup, h.Instance.State);
        }
        h.Receive(50);
        h.Advance(1000);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(TimeSpan.FromSeconds(10), h.Time.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void InterfaceDown_AsMaster_EntersFaultAndReleasesAddresses()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        var sent = h.Transport.Sent.Count;

        h.Instance.SetInterfaceState(false);
        h.Advance(10_000);

        Assert.Equal(VrrpState.Fault, h.Instance.State);
        Assert.Empty(h.Addresses.Present);
        Assert.Equal(sent, h.Transport.Sent.Count);
    }

    [Fact]
    public void InterfaceUp_AfterFault_StartsAgainAsBackup()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        h.Instance.SetInterfaceState(false);
        h.Instance.SetInterfaceState(true);
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        h.Advance(3609.375);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void Start_InterfaceDown_EntersFault()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.SetInterfaceState(false);
        h.Instance.Start();
        Assert.Equal(VrrpState.Fault, h.Instance.State);
        h.Advance(10_000);
        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void Update_MasterAddressesChanged_AppliesOnlyTheDifferenceAndKeepsState()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        h.Addresses.Calls.Clear();
        var updated = h.Options with
        {
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.101"), PrefixLength = 24 } },
            Priority = 120,
        };

        h.Instance.Update(updated);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(["remove 192.0.2.100", "add 192.0.2.101"], h.Addresses.Calls);
        Assert.Equal(120, h.Transport.Sent[^1].Advert.Priority);
        Assert.Equal(IPAddress.Parse("192.0.2.101"), Assert.Single(h.Transport.Sent[^1].Advert.Addresses));
    }

    [Fact]
    public void Update_BackupPriorityChanged_KeepsMasterDownTimer()
    {
        var h = new VrrpInstanceHarness();
        h.Instance.Start();
        h.Advance(2000);
        h.Instance.Update(h.Options with { Priority = 90 });
        h.Advance(1609.375);
        Assert.Equal(VrrpState.Master, h.Instance.State);
    }

    [Fact]
    public void CompareAddresses_NetworkOrder_UnsignedComparison()
    {
        Assert.True(VrrpInstance.CompareAddresses(IPAddress.Parse("192.0.2.200"), IPAddress.Parse("192.0.2.11")) > 0);
        Assert.True(VrrpInstance.CompareAddresses(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("192.0.2.1")) < 0);
        Assert.True(VrrpInstance.CompareAddresses(IPAddress.Parse("fe80::12"), IPAddress.Parse("fe80::11")) > 0);
    }

    [Fact]
    public void Send_TransportFails_CountedAndStateKept()
    {
        var h = new VrrpInstanceHarness();
        h.StartAsMaster();
        h.Transport.Fail = true;
        h.Advance(3000);
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(3, h.Instance.GetStatistics().SendFailures);
    }

    [Fact]
    public void BuildAdvertisement_V2WithPassword_CarriesWholeSecondsAndPassword()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2) with { Authentication = new VrrpAuthenticationOptions { Password = "kahvpass" } });
        var advert = h.Instance.BuildAdvertisement(150);
        Assert.Equal(VrrpVersion.V2, advert.Version);
        Assert.Equal(1, advert.AdvertisementInterval);
        Assert.Equal(VrrpAuthenticationType.SimplePassword, advert.AuthenticationType);
        Assert.Equal("kahvpass"u8.ToArray(), advert.AuthenticationData.ToArray());
    }
}
