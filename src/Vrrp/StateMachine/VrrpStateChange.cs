namespace LvsDirector.Vrrp.StateMachine;

/// <summary>One state transition of an instance, for notify scripts, alerts and metrics.</summary>
public sealed record VrrpStateChange(
    string Instance,
    VrrpState Previous,
    VrrpState Current,
    int Priority,
    string Reason,
    DateTimeOffset Timestamp);
