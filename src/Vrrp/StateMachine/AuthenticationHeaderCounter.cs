namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// The anti-replay sequence number of a VRRPv2 instance with <c>auth_type AH</c> (RFC 2402 §3.3.2, §3.4.3),
/// with keepalived 2.2.7's exact semantics (<c>seq_counter_t ipsecah_counter</c> in vrrp.c): ONE counter per
/// instance serves both directions.
/// <list type="bullet">
/// <item>Sending (<c>vrrp_update_pkt</c>): once per advert (not per unicast peer), the counter is incremented
/// and sent; the first advert carries 1. From 0xFFFFFFFE on it is no longer incremented: <see cref="Cycled"/>
/// is set and the same number is sent again (which the peers then drop as a replay).</item>
/// <item>Receiving (<c>vrrp_in_chk_ipsecah</c>, after the ICV and SPI checks): an advert whose number is not
/// greater than the counter is a replay, dropped as an authentication failure; otherwise the counter takes
/// its number. So a Backup's counter follows the Master's, and on becoming Master it carries on from there:
/// the old Master, now Backup, accepts the new Master's adverts without any reset.</item>
/// <item>A peer that restarts starts again from 1: its adverts are dropped as replays until it has heard
/// (and adopted) a higher number, i.e. until this router, no longer hearing it, becomes Master and sends
/// one. keepalived resets nothing for it, and neither do we.</item>
/// <item>A Backup that accepts an advert clears <see cref="Cycled"/>; becoming Master with
/// <see cref="Cycled"/> set starts the counter again from 0 (<c>vrrp_state_goto_master</c>).</item>
/// </list>
/// Not thread-safe: used under the instance's lock.
/// </summary>
internal sealed class AuthenticationHeaderCounter
{
    /// <summary>keepalived stops incrementing above this value (<c>seq_number &gt; 0xFFFFFFFD</c>).</summary>
    public const uint LastIncremented = 0xFFFFFFFD;

    /// <summary>The last number sent or accepted (0 before either).</summary>
    public uint SequenceNumber { get; private set; }

    /// <summary>keepalived's <c>cycle</c>: the sender ran out of numbers.</summary>
    public bool Cycled { get; private set; }

    /// <summary>The number for the next advert sent.</summary>
    public uint NextToSend()
    {
        if (SequenceNumber > LastIncremented) Cycled = true;
        else SequenceNumber++;
        return SequenceNumber;
    }

    /// <summary>The replay audit of a received advert: true (and adopted) when <paramref name="received"/> is greater than the counter.</summary>
    public bool TryAccept(uint received)
    {
        if (received <= SequenceNumber) return false;
        SequenceNumber = received;
        return true;
    }

    /// <summary>An accepted advert while Backup (keepalived's <c>vrrp_check_packet</c>): clears <see cref="Cycled"/>.</summary>
    public void AcceptedAsBackup(uint received)
    {
        if (received >= SequenceNumber) Cycled = false;
    }

    /// <summary>Becoming Master: a counter that cycled starts again from 0.</summary>
    public void BecomingMaster()
    {
        if (!Cycled) return;
        Cycled = false;
        SequenceNumber = 0;
    }
}
