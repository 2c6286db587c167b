namespace LvsDirector.Checkers.Events;

/// <summary>A service gained or lost quorum (smtp_alert for the virtual server).</summary>
public sealed record QuorumStateChanged(
    string Service,
    DateTimeOffset Timestamp,
    bool QuorumUp,
    long AliveWeight,
    int Quorum,
    int Hysteresis) : CheckerEvent(Service, Timestamp);
