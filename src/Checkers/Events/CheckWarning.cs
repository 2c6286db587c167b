using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Events;

/// <summary>A passing check has something to report (a certificate close to expiry). Raised when the message changes.</summary>
public sealed record CheckWarning(
    string Service,
    DateTimeOffset Timestamp,
    RealServerKey RealServer,
    CheckKind Kind,
    string Message) : CheckerEvent(Service, Timestamp);
