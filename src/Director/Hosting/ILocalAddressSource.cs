using System.Net;

namespace LvsDirector.Hosting;

/// <summary>The addresses configured on this host's interfaces (ha_suspend), and a signal when they may have changed.</summary>
internal interface ILocalAddressSource : IDisposable
{
    /// <summary>Raised, on any thread, when an address may have been added or removed.</summary>
    event Action? Changed;

    /// <summary>Every address on every interface now.</summary>
    IReadOnlySet<IPAddress> Read();
}
