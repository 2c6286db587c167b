using System.Collections.Immutable;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>A snapshot of one instance's counters, for metrics.</summary>
public sealed record VrrpInstanceStatistics
{
    public required string Instance { get; init; }
    public VrrpState State { get; init; }
    public int Priority { get; init; }
    public long AdvertisementsReceived { get; init; }
    public long AdvertisementsSent { get; init; }
    public long PriorityZeroReceived { get; init; }
    public long PriorityZeroSent { get; init; }
    public long BecameMaster { get; init; }
    public long ReleasedMaster { get; init; }
    public long ReceivedWithPseudoHeaderChecksum { get; init; }
    public long ReceivedWithoutPseudoHeaderChecksum { get; init; }
    public long SendFailures { get; init; }
    public ImmutableDictionary<VrrpDropReason, long> Drops { get; init; } = ImmutableDictionary<VrrpDropReason, long>.Empty;

    /// <summary>Lower-priority adverts heard while Master (split brain): each one answered with an advert and GARP/NA.</summary>
    public long MasterReceivedLowerPriority { get; init; }
}
