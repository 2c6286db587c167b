namespace LvsDirector.Vrrp.Network;

/// <summary>What kinds of rtnetlink objects an event datagram touched (or everything, after an overrun or a safety poll).</summary>
[Flags]
internal enum RouteEvents
{
    None = 0,
    Link = 1,
    Address = 2,
    Route = 4,
    Rule = 8,

    /// <summary>A periodic safety re-read, not a kernel event.</summary>
    Poll = 16,
    All = Link | Address | Route | Rule,
}
