using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Events;

/// <summary>
/// The sorry server's desired IPVS presence changed. Active while the service has no quorum; while inactive
/// it stays in the table at weight 0 only with sorry_server_inhibit.
/// </summary>
public sealed record SorryServerStateChanged(
    string Service,
    DateTimeOffset Timestamp,
    RealServerKey SorryServer,
    bool Active,
    bool InTable,
    int Weight) : CheckerEvent(Service, Timestamp);
