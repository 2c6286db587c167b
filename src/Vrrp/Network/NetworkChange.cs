namespace LvsDirector.Vrrp.Network;

/// <summary>
/// What one rtnetlink event datagram (or a safety poll) says changed: the kinds of object, and the routes and
/// addresses it deleted, so that watchers ask the kernel for a full view only when one of theirs may be gone.
/// <see cref="Resync"/> = events may have been lost (overrun, the slow safety poll): look at everything.
/// </summary>
internal sealed record NetworkChange(RouteEvents Events, bool Resync, IReadOnlyList<KernelRouteKey> DeletedRoutes, IReadOnlyList<KernelAddressKey> DeletedAddresses)
{
    /// <summary>Everything may have changed.</summary>
    public static NetworkChange Everything { get; } = new(RouteEvents.All, true, [], []);

    /// <summary>The 1 s safety re-read of link states: nothing is known to have changed.</summary>
    public static NetworkChange LinkPoll { get; } = new(RouteEvents.Link | RouteEvents.Poll, false, [], []);
}
