using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class RecordingStateListener : IVrrpStateListener
{
    public List<VrrpStateChange> Changes { get; } = new();

    public List<string> LowerPriority { get; } = new();

    public List<string> PriorityChanges { get; } = new();

    public void OnStateChanged(VrrpStateChange change) => Changes.Add(change);

    public void OnMasterReceivedLowerPriority(string instance, int priority, System.Net.IPAddress source) => LowerPriority.Add($"{instance} {priority}");

    public void OnPriorityChanged(string instance, VrrpState state, int priority) => PriorityChanges.Add($"{instance} {state} {priority}");
}
