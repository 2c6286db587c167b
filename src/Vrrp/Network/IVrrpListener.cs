namespace LvsDirector.Vrrp.Network;

/// <summary>A share in an interface's VRRP receive socket(s), from <see cref="IVrrpNetwork.Listen"/>; dispose to stop.</summary>
internal interface IVrrpListener : IDisposable
{
    /// <summary>
    /// Whether datagrams may be on their way to the instances, asked when a Backup's master-down timer
    /// expires: queued in the socket(s) but not read yet (the receive thread was suspended by a garbage
    /// collection or waited for a CPU), being delivered by the receive thread, or still in the kernel's
    /// pending receive work, which this runs first (<see cref="PendingReceiveWork"/>).
    /// </summary>
    PendingDatagrams FindPendingDatagrams();
}
