namespace LvsDirector.Vrrp.StateMachine;

/// <summary>Receives state changes; called on the VRRP thread, so it must not block.</summary>
internal interface IVrrpStateListener
{
    void OnStateChanged(VrrpStateChange change);

    /// <summary>A Master heard a lower-priority advert (another master: a healed split brain) and reasserted.</summary>
    void OnMasterReceivedLowerPriority(string instance, int priority, System.Net.IPAddress source)
    {
    }

    /// <summary>The effective priority of a Master or Backup changed (trackers or a reload): notify_priority_changes.</summary>
    void OnPriorityChanged(string instance, VrrpState state, int priority)
    {
    }
}
