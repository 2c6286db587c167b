namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// keepalived's gratuitous ARP / unsolicited NA knobs (<c>garp_*</c>, <c>gna_interval</c>), with
/// keepalived's defaults.
/// </summary>
public sealed record GratuitousAnnouncementOptions
{
    /// <summary>garp_master_delay: delay of the second burst after becoming MASTER; zero = no second burst.</summary>
    public TimeSpan MasterDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>garp_master_repeat: messages per address per burst after becoming MASTER.</summary>
    public int MasterRepeat { get; init; } = 5;

    /// <summary>garp_master_refresh: period of refresh bursts while MASTER; zero = off.</summary>
    public TimeSpan MasterRefresh { get; init; } = TimeSpan.Zero;

    /// <summary>garp_master_refresh_repeat: messages per address per refresh.</summary>
    public int MasterRefreshRepeat { get; init; } = 1;

    /// <summary>garp_lower_prio_delay: second burst after a lower-priority advert while MASTER; null = <see cref="MasterDelay"/>.</summary>
    public TimeSpan? LowerPriorityDelay { get; init; }

    /// <summary>garp_lower_prio_repeat: messages per address after a lower-priority advert while MASTER; null = <see cref="MasterRepeat"/>.</summary>
    public int? LowerPriorityRepeat { get; init; }

    /// <summary>garp_interval: gap between two gratuitous ARPs on one interface.</summary>
    public TimeSpan ArpInterval { get; init; } = TimeSpan.Zero;

    /// <summary>gna_interval: gap between two unsolicited NAs on one interface.</summary>
    public TimeSpan NeighborAdvertisementInterval { get; init; } = TimeSpan.Zero;

    public TimeSpan EffectiveLowerPriorityDelay => LowerPriorityDelay ?? MasterDelay;

    public int EffectiveLowerPriorityRepeat => LowerPriorityRepeat ?? MasterRepeat;
}
