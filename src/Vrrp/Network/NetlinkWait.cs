namespace LvsDirector.Vrrp.Network;

/// <summary>What <see cref="NetlinkEventSocket.Wait"/> ended with.</summary>
internal enum NetlinkWait
{
    Received,
    TimedOut,
    Woken,

    /// <summary>The kernel dropped events (ENOBUFS): resynchronise.</summary>
    Overrun,
}
