using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>
/// auth_type AH anti-replay in the state machine, as keepalived 2.2.7 does it: one sequence counter per
/// instance for the adverts sent and the audit of those received (manual clock, no sleeps).
/// </summary>
public class VrrpInstanceAuthenticationHeaderTests
{
    // v2, 1 s, priority 100: Master_Down_Interval = 3 s + (256 − 100) / 256 s.
    private const double MasterDownMs = 3609.375;

    private static VrrpInstanceHarness Create() => new(VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2) with
    {
        Authentication = new VrrpAuthenticationOptions { Type = VrrpAuthenticationType.IpAuthenticationHeader, Password = "secret" },
    });

    private static ReceivedAdvertisement Ah(VrrpInstanceHarness h, int priority, uint sequence, IPAddress? source = null)
        => h.FromPeer(priority, source) with { HadAuthenticationHeader = true, AuthenticationSequence = sequence };

    private static long AuthenticationFailures(VrrpInstanceHarness h)
        => h.Instance.GetStatistics().Drops.GetValueOrDefault(VrrpDropReason.AuthenticationMismatch);

    [Fact]
    public void OnAdvertisement_IncreasingSequence_AcceptedAndBackupKept()
    {
        var h = Create();
        h.Instance.Start();
        for (uint seq = 1; seq <= 10; seq++)
        {
            h.Instance.OnAdvertisement(Ah(h, 200, seq));
            h.Advance(1000);
        }

        Assert.Equal(VrrpState.Backup, h.Instance.State);
        Assert.Equal(10, h.Instance.GetStatistics().AdvertisementsReceived);
        Assert.Equal(0, AuthenticationFailures(h));
        Assert.Equal(10u, h.Instance.AuthenticationSequenceNumber);
    }

    [Fact]
    public void OnAdvertisement_ReplayedSequence_DroppedAsAuthenticationFailure()
    {
        var h = Create();
        h.Instance.Start();
        h.Instance.OnAdvertisement(Ah(h, 200, 7));

        h.Instance.OnAdvertisement(Ah(h, 200, 7));
        h.Instance.OnAdvertisement(Ah(h, 200, 6));
        h.Instance.OnAdvertisement(Ah(h, 200, 0));

        Assert.Equal(3, AuthenticationFailures(h));
        Assert.Equal(1, h.Instance.GetStatistics().AdvertisementsReceived);
        Assert.Equal(7u, h.Instance.AuthenticationSequenceNumber);
    }

    [Fact]
    public void OnAdvertisement_ReplaysOnly_DoNotHoldOffTheTakeover()
    {
        var h = Create();
        h.Instance.Start();
        h.Instance.OnAdvertisement(Ah(h, 200, 100));

        // An attacker replays the master's last advert every half second after the master died.
        for (var t = 0; t < 8; t++)
        {
            h.Advance(500);
            h.Instance.OnAdvertisement(Ah(h, 200, 100));
        }

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(8, AuthenticationFailures(h));
    }

    [Fact]
    public void OnAdvertisement_ReplayToMaster_DoesNotMakeItBackup()
    {
        var h = Create();
        h.StartAsMaster();
        var sent = h.Transport.Sequences[^1];

        h.Instance.OnAdvertisement(Ah(h, 250, sent));

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1, AuthenticationFailures(h));
    }

    [Fact]
    public void Send_AsMaster_NumbersEachAdvertFromOne()
    {
        var h = Create();
        h.StartAsMaster();
        h.Advance(3000);

        Assert.Equal([1u, 2u, 3u, 4u], h.Transport.Sequences);
    }

    [Fact]
    public void Send_NewMaster_CarriesOnFromTheLastAcceptedSequence()
    {
        var h = Create();
        h.Instance.Start();
        h.Instance.OnAdvertisement(Ah(h, 200, 41));

        h.Advance(MasterDownMs);
        h.Advance(1000);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal([42u, 43u], h.Transport.Sequences);
    }

    [Fact]
    public void Stop_Master_PriorityZeroTakesTheNextSequence()
    {
        var h = Create();
        h.StartAsMaster();

        h.Instance.Stop();

        Assert.Equal(0, h.Transport.Sent[^1].Advert.Priority);
        Assert.Equal([1u, 2u], h.Transport.Sequences);
    }

    [Fact]
    public void OnAdvertisement_PeerRestartedFromOne_DroppedUntilItHasHeardOurHigherNumber()
    {
        // We (100) are Backup of a peer (200) that has sent 1000 adverts; it restarts and counts from 1 again.
        var h = Create();
        h.Instance.Start();
        h.Instance.OnAdvertisement(Ah(h, 200, 1000));
        for (uint seq = 1; seq <= 3; seq++)
        {
            h.Advance(1000);
            h.Instance.OnAdvertisement(Ah(h, 200, seq));
        }
        Assert.Equal(3, AuthenticationFailures(h));

        // Its adverts were replays to us: we take over and send 1001, which the peer adopts (1001 > 3) ...
        h.Advance(MasterDownMs - 3000);
        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1001u, h.Transport.Sequences[0]);

        // ... so its next advert, 1002, is accepted and, being of higher priority, makes us Backup again.
        h.Instance.OnAdvertisement(Ah(h, 200, 1002));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        // Leaving, we told the peer once more (higher_prio_send_advert) with the number after its own.
        Assert.Equal(1003u, h.Transport.Sequences[^1]);
    }

    [Fact]
    public void Send_CounterExhausted_RepeatsTheLastNumberUntilMasterAgainFromBackup()
    {
        var h = Create();
        h.Instance.Start();
        h.Instance.OnAdvertisement(Ah(h, 200, 0xFFFFFFFC));
        h.Advance(MasterDownMs);
        h.Advance(2000);
        Assert.Equal([0xFFFFFFFDu, 0xFFFFFFFEu, 0xFFFFFFFEu], h.Transport.Sequences);

        // A higher-priority master with the one number left: accepted, we go Backup (the cycle stays: it
        // was accepted while Master). When it goes silent we become Master again with the counter reset.
        h.Instance.OnAdvertisement(Ah(h, 200, 0xFFFFFFFF));
        Assert.Equal(VrrpState.Backup, h.Instance.State);
        h.Advance(MasterDownMs);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1u, h.Transport.Sequences[^1]);
    }

    [Fact]
    public void OnAdvertisement_AcceptedAsBackupAfterCycling_KeepsTheCounterWhenMasterAgain()
    {
        var h = Create();
        h.Instance.Start();
        h.Instance.OnAdvertisement(Ah(h, 200, 0xFFFFFFFD));
        h.Advance(MasterDownMs);
        h.Advance(1000);
        Assert.Equal([0xFFFFFFFEu, 0xFFFFFFFEu], h.Transport.Sequences);
        h.Instance.Stop();
        h.Instance.Start();

        // keepalived clears the cycle on an advert accepted while Backup: no reset on the next takeover.
        h.Instance.OnAdvertisement(Ah(h, 200, 0xFFFFFFFF));
        h.Advance(MasterDownMs);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(0xFFFFFFFFu, h.Transport.Sequences[^1]);
    }

    [Fact]
    public void Send_WithoutAuthenticationHeader_SequenceIsZero()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions(VrrpVersion.V2));
        h.StartAsMaster();
        h.Advance(1000);

        Assert.All(h.Transport.Sequences, s => Assert.Equal(0u, s));
    }
}
