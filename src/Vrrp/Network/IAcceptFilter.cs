using System.Net;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Drops traffic addressed to the virtual addresses of <c>no_accept</c> instances (RFC 5798 §6.4.3: a Master
/// not in Accept Mode discards packets to them unless it owns them). Only locally delivered packets are
/// matched, so the set can simply hold every such address whatever the instance's state: a Backup does
/// not hold the addresses and never sees them delivered.
/// </summary>
internal interface IAcceptFilter
{
    /// <summary>Makes the dropped set exactly <paramref name="addresses"/> (empty = remove the filter); failures are logged.</summary>
    void Apply(IReadOnlyCollection<IPAddress> addresses);
}
