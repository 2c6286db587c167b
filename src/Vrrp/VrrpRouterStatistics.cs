using System.Collections.Immutable;
using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp;

/// <summary>A snapshot of every instance's counters plus the drops no instance could be charged with (bad IP header, bad checksum, unknown VRID …).</summary>
public sealed record VrrpRouterStatistics(
    ImmutableArray<VrrpInstanceStatistics> Instances,
    ImmutableDictionary<VrrpDropReason, long> UnattributedDrops);
