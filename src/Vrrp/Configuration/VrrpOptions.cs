using System.Collections.Immutable;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>Every VRRP instance of the director, keyed by instance name. Value-equal.</summary>
public sealed record VrrpOptions
{
    public ImmutableSortedDictionary<string, VrrpInstanceOptions> Instances { get; init; } =
        ImmutableSortedDictionary<string, VrrpInstanceOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>vrrp_script blocks by name.</summary>
    public ImmutableSortedDictionary<string, VrrpScriptOptions> Scripts { get; init; } =
        ImmutableSortedDictionary<string, VrrpScriptOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>track_file blocks by name.</summary>
    public ImmutableSortedDictionary<string, VrrpTrackFileOptions> TrackFiles { get; init; } =
        ImmutableSortedDictionary<string, VrrpTrackFileOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>vrrp_track_process blocks by name.</summary>
    public ImmutableSortedDictionary<string, VrrpTrackProcessOptions> TrackProcesses { get; init; } =
        ImmutableSortedDictionary<string, VrrpTrackProcessOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>vrrp_sync_group blocks by name.</summary>
    public ImmutableSortedDictionary<string, VrrpSyncGroupOptions> SyncGroups { get; init; } =
        ImmutableSortedDictionary<string, VrrpSyncGroupOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>track_group blocks: group name → instances that track the devices of the static addresses (dev), routes (dev) and rules (iif) naming the group.</summary>
    public ImmutableSortedDictionary<string, EquatableArray<string>> TrackGroups { get; init; } =
        ImmutableSortedDictionary<string, EquatableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>interface_up_down_delays by interface name.</summary>
    public ImmutableSortedDictionary<string, InterfaceDelayOptions> InterfaceDelays { get; init; } =
        ImmutableSortedDictionary<string, InterfaceDelayOptions>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>notify_fifo and vrrp_notify_fifo (both get every VRRP event).</summary>
    public EquatableArray<VrrpNotifyFifoOptions> NotifyFifos { get; init; } = EquatableArray<VrrpNotifyFifoOptions>.Empty;

    public VrrpScriptingOptions Scripting { get; init; } = new();

    /// <summary>static_ipaddress, static_routes, static_rules (keepalived's top level).</summary>
    public StaticNetworkOptions Static { get; init; } = new();

    /// <summary>vrrp_strict: strict RFC 3768/5798 compliance (see <see cref="VrrpStrictMode"/>).</summary>
    public bool Strict { get; init; }

    public bool Equals(VrrpOptions? other)
    {
        if (other is null) return false;
        return SameEntries(Instances, other.Instances)
            && SameEntries(Scripts, other.Scripts)
            && SameEntries(TrackFiles, other.TrackFiles)
            && SameEntries(TrackProcesses, other.TrackProcesses)
            && SameEntries(SyncGroups, other.SyncGroups)
            && SameEntries(TrackGroups, other.TrackGroups)
            && SameEntries(InterfaceDelays, other.InterfaceDelays)
            && NotifyFifos.Equals(other.NotifyFifos)
            && Scripting.Equals(other.Scripting)
            && Static.Equals(other.Static)
            && Strict == other.Strict;
    }

    public override int GetHashCode() => Instances.Count;

    private static bool SameEntries<T>(ImmutableSortedDictionary<string, T> mine, ImmutableSortedDictionary<string, T> theirs)
    {
        if (mine.Count != theirs.Count) return false;
        foreach (var (name, value) in mine)
        {
            if (!theirs.TryGetValue(name, out var other) || !EqualityComparer<T>.Default.Equals(value, other)) return false;
        }
        return true;
    }
}
