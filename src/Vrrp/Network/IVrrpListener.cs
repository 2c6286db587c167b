namespace LvsDirector.Vrrp.Network;

/// <summary>A share in an interface's VRRP receive socket(s), from <see cref="IVrrpNetwork.Listen"/>; dispose to stop.</summary>
internal interface IVrrpListener : IDisposable
{
    /// <summary>
    /// Whether datagrams are queued in the socket(s) but not read yet: the receive thread is behind
    /// (it was suspended by a garbage collection or waited for a CPU).
    /// </summary>
    bool HasUnreadPackets { get; }
}
