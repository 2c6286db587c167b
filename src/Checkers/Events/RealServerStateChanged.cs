using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Events;

/// <summary>
/// A real server's health or desired IPVS presence changed. The Director makes IPVS match
/// (<see cref="InTable"/>, <see cref="Weight"/>): add or update the destination when in the table, remove it otherwise.
/// </summary>
/// <param name="Alive">Every check passes.</param>
/// <param name="InTable">It should be an IPVS destination: alive, or down with inhibit_on_failure (weight 0); never while the sorry server is active.</param>
/// <param name="Weight">Its IPVS weight when in the table (0 when inhibited; misc_dynamic / FILE_CHECK dynamic and slow-start applied).</param>
/// <param name="AliveChanged">True when <see cref="Alive"/> changed (an up/down transition: smtp_alert, notify FIFO); false for weight or presence only.</param>
/// <param name="Reason">Why, e.g. the failing check's reason; "initial" for the first report.</param>
public sealed record RealServerStateChanged(
    string Service,
    DateTimeOffset Timestamp,
    RealServerKey RealServer,
    bool Alive,
    bool InTable,
    int Weight,
    bool AliveChanged,
    string Reason) : CheckerEvent(Service, Timestamp);
