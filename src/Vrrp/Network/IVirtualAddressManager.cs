using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Adds and removes virtual addresses on their devices (rtnetlink RTM_NEWADDR / RTM_DELADDR).</summary>
internal interface IVirtualAddressManager
{
    /// <summary>Adds each address to its device (<paramref name="defaultDevice"/> when it names none); an address already present is not an error.</summary>
    void Add(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice);

    /// <summary>Removes each address; an address already gone is not an error.</summary>
    void Remove(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice);
}
