using LvsDirector.Vrrp.Tracking;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class FakeProcessEvents : IProcessEvents
{
    public event Action<ProcessEvent>? Event;

    public bool HasSubscribers => Event is not null;

    public void Raise(ProcessEventKind kind, int pid) => Event?.Invoke(new ProcessEvent(kind, pid));
}
