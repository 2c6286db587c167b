using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Which static addresses, routes and rules naming a track_group are missing from the kernel now.</summary>
internal interface IStaticEntryProbe
{
    /// <summary>One (track group, entry text) per tracked static entry that is not in the kernel; never throws.</summary>
    IReadOnlyList<MissingStaticEntry> FindMissing(StaticNetworkOptions statics);
}
