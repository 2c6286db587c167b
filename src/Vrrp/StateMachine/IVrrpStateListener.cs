namespace LvsDirector.Vrrp.StateMachine;

/// <summary>Receives state changes; called on the VRRP thread, so it must not block.</summary>
internal interface IVrrpStateListener
{
    void OnStateChanged(VrrpStateChange change);
}
