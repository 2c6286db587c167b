namespace LvsDirector.Checkers.Events;

/// <summary>Base of everything the checkers report to the Director, in order per service.</summary>
/// <param name="Service">The <c>CheckedServiceOptions.Name</c>.</param>
/// <param name="Timestamp">When it happened, from the injected TimeProvider.</param>
public abstract record CheckerEvent(string Service, DateTimeOffset Timestamp);
