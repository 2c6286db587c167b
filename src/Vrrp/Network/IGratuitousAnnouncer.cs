using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Schedules gratuitous ARP / unsolicited NA bursts for an instance's virtual addresses.</summary>
internal interface IGratuitousAnnouncer
{
    /// <summary>The instance became MASTER: a burst now, a second after garp_master_delay, refreshes if configured.</summary>
    void AnnounceMaster(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice, GratuitousAnnouncementOptions options);

    /// <summary>A MASTER saw a lower-priority advert: garp_lower_prio_repeat now and again after garp_lower_prio_delay.</summary>
    void AnnounceLowerPriority(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice, GratuitousAnnouncementOptions options);

    /// <summary>The instance left MASTER: cancel pending bursts and refreshes.</summary>
    void Cancel(string instance);
}
