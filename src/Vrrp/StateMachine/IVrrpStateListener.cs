namespace LvsDirector.Vrrp.StateMachine;

/// <summary>Receives state changes; called on the VRRP thread, so it must not block.</summary>
internal interface IVrrpStateListener
{
    void OnStateChanged(VrrpStateChange change);

    /// <summary>A Master heard a lower-priority advert (another master: a healed split brain) and reasserted.</summary>
    void OnMasterReceivedLowerPriority(string instance, int priority, System.Net.IPAddress source)
    {
    }
}
