using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;

namespace LvsDirector.Checkers.Tests.Fakes;

internal static class EventLog
{
    /// <summary>Every event published so far (the channel is unbounded and written synchronously).</summary>
    public static List<CheckerEvent> Drain(CheckerService service)
    {
        var events = new List<CheckerEvent>();
        while (service.Events.TryRead(out var e)) events.Add(e);
        return events;
    }
}
