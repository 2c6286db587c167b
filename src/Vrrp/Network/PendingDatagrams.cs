namespace LvsDirector.Vrrp.Network;

/// <summary>What may still be on its way to the instances when a Backup's master-down timer expires.</summary>
internal enum PendingDatagrams
{
    None,

    /// <summary>Datagrams queued in the receive socket, not read yet.</summary>
    UnreadInSocket,

    /// <summary>The receive thread is handing a datagram to the instances.</summary>
    BeingDelivered,

    /// <summary>Datagrams reached the socket while the kernel's deferred receive work was run.</summary>
    ReleasedByKernelWork,
}
