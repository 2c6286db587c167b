namespace LvsDirector.Vrrp.StateMachine;

/// <summary>The states of RFC 5798 §6.4 plus keepalived's FAULT.</summary>
public enum VrrpState
{
    Initialize = 0,
    Backup = 1,
    Master = 2,

    /// <summary>The interface is down (or a tracked object failed): no adverts, no addresses.</summary>
    Fault = 3,
}
