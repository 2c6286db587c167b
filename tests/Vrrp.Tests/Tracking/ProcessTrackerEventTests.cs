using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

/// <summary>vrrp_track_process driven by proc connector events: only the pid an event names is read, no periodic scan.</summary>
public class ProcessTrackerEventTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProcessTable _table = new();
    private readonly FakeProcessEvents _events = new();
    private int _changes;

    private ProcessTracker Tracker(VrrpTrackProcessOptions options)
    {
        var t = new ProcessTracker("nginx", options, _time, _table, NullLogger.Instance, () => _changes++, _events);
        t.Start();
        return t;
    }

    private void Spawn(int pid, string comm = "nginx", params string[] args)
    {
        lock (_table.Processes) _table.Processes.Add(new ProcessInfo(comm, [$"/usr/sbin/{comm}", .. args], pid));
    }

    private void Kill(int pid)
    {
        lock (_table.Processes) _table.Processes.RemoveAll(p => p.Pid == pid);
    }

    [Fact]
    public void OnProcessEvent_ExecAndExit_CountFollowsWithoutScanTimer()
    {
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", Quorum = 2 });
        Assert.False(t.Ok);
        Assert.Equal(0, _time.ActiveTimerCount);

        Spawn(200);
        _events.Raise(ProcessEventKind.Exec, 200);
        Spawn(201);
        _events.Raise(ProcessEventKind.Fork, 201);
        Assert.True(t.Ok);
        Assert.Equal(2, t.Count);

        Kill(201);
        _events.Raise(ProcessEventKind.Exit, 201);
        Assert.False(t.Ok);
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void OnProcessEvent_ExecOfOtherProgram_Ignored()
    {
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx" });

        Spawn(300, "sshd");
        _events.Raise(ProcessEventKind.Exec, 300);
        _events.Raise(ProcessEventKind.Exit, 300);

        Assert.False(t.Ok);
        Assert.Equal(0, _changes);
    }

    [Fact]
    public void OnProcessEvent_ExecReplacesMatchingProgram_NoLongerCounted()
    {
        _table.Set(1);
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx" });
        Assert.True(t.Ok);

        lock (_table.Processes) _table.Processes[0] = new ProcessInfo("bash", ["/bin/bash"], 100);
        _events.Raise(ProcessEventKind.Exec, 100);

        Assert.False(t.Ok);
    }

    [Fact]
    public void OnProcessEvent_TerminateDelay_TimerDecidesWhenNoMoreEventsCome()
    {
        _table.Set(1);
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", TerminateDelay = TimeSpan.FromSeconds(3) });

        Kill(100);
        _events.Raise(ProcessEventKind.Exit, 100);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(t.Ok);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(t.Ok);
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void OnProcessEvent_BackWithinForkDelayWindow_PendingCancelled()
    {
        _table.Set(1);
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", TerminateDelay = TimeSpan.FromSeconds(3) });

        Kill(100);
        _events.Raise(ProcessEventKind.Exit, 100);
        _time.Advance(TimeSpan.FromSeconds(1));
        Spawn(101);
        _events.Raise(ProcessEventKind.Exec, 101);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(t.Ok);
        Assert.Equal(0, _changes);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void OnProcessEvent_Overrun_RescansProc()
    {
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx" });

        _table.Set(1);                                   // started while events were being lost
        _events.Raise(ProcessEventKind.Overrun, 0);

        Assert.True(t.Ok);
    }

    [Fact]
    public void OnProcessEvent_QuotedParameterWithSpaces_MatchedAsOneArgument()
    {
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", Parameters = new[] { "-g", "daemon off;" } });

        Spawn(400, "nginx", "-g", "daemon", "off;");
        _events.Raise(ProcessEventKind.Exec, 400);
        Assert.False(t.Ok);
        Spawn(401, "nginx", "-g", "daemon off;");
        _events.Raise(ProcessEventKind.Exec, 401);

        Assert.True(t.Ok);
        Assert.Equal(1, t.Count);
    }

    [Fact]
    public void Dispose_Unsubscribes()
    {
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx" });

        t.Dispose();

        Assert.False(_events.HasSubscribers);
    }
}
