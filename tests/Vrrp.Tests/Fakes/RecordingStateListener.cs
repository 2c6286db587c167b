using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class RecordingStateListener : IVrrpStateListener
{
    public List<VrrpStateChange> Changes { get; } = new();

    public void OnStateChanged(VrrpStateChange change) => Changes.Add(change);
}
