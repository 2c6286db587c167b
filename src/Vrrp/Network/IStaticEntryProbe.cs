using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Which static addresses, routes and rules are missing from the kernel now.</summary>
internal interface IStaticEntryProbe
{
    /// <summary>The entries of <paramref name="statics"/> that are not in the kernel; nothing when the kernel cannot be asked. Never throws.</summary>
    StaticNetworkOptions FindMissing(StaticNetworkOptions statics);
}
