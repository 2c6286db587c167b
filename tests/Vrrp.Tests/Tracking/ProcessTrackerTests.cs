using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

public class ProcessTrackerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProcessTable _table = new();
    private int _changes;

    private ProcessTracker Tracker(VrrpTrackProcessOptions options)
    {
        var t = new ProcessTracker("nginx", options, _time, _table, NullLogger.Instance, () => _changes++);
        t.Start();
        return t;
    }

    [Fact]
    public void Scan_QuorumLostAndRegained_ChangesState()
    {
        _table.Set(2);
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", Quorum = 2 });
        Assert.True(t.Ok);

        _table.Set(1);
        _time.Advance(ProcessTracker.ScanInterval);
        Assert.False(t.Ok);
        _table.Set(3);
        _time.Advance(ProcessTracker.ScanInterval);

        Assert.True(t.Ok);
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void Scan_TerminateDelay_ToleratesShortAbsence()
    {
        _table.Set(1);
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", TerminateDelay = TimeSpan.FromSeconds(3) });

        _table.Set(0);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(t.Ok);
        _table.Set(1);                         // back before the delay ran out
        _time.Advance(TimeSpan.FromSeconds(1));
        _table.Set(0);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(t.Ok);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(t.Ok);
    }

    [Fact]
    public void Scan_QuorumMax_TooManyIsFailure()
    {
        _table.Set(3);
        var t = Tracker(new VrrpTrackProcessOptions { Process = "nginx", Quorum = 1, QuorumMax = 2 });

        Assert.False(t.Ok);
    }

    [Theory]
    [InlineData(ProcessParameterMatch.Exact, new[] { "-g", "daemon off;" }, true)]
    [InlineData(ProcessParameterMatch.Exact, new[] { "-g" }, false)]
    [InlineData(ProcessParameterMatch.Initial, new[] { "-g" }, true)]
    [InlineData(ProcessParameterMatch.Partial, new[] { "-g", "daemon" }, true)]
    [InlineData(ProcessParameterMatch.Initial, new[] { "-g", "daemon" }, false)]
    public void Matches_Parameters_PerMatchMode(ProcessParameterMatch mode, string[] parameters, bool expected)
    {
        var process = new ProcessInfo("nginx", ["/usr/sbin/nginx", "-g", "daemon off;"]);
        var o = new VrrpTrackProcessOptions { Process = "nginx", Parameters = parameters, ParameterMatch = mode };

        Assert.Equal(expected, ProcessMatcher.Matches(o, process));
    }

    [Fact]
    public void Matches_LongNameAndFullCommand_AsKeepalived()
    {
        var p = new ProcessInfo("a-very-long-pro", ["/opt/a-very-long-process-name"]);

        Assert.True(ProcessMatcher.Matches(new VrrpTrackProcessOptions { Process = "a-very-long-process-name" }, p));
        Assert.True(ProcessMatcher.Matches(new VrrpTrackProcessOptions { Process = "/opt/a-very-long-process-name", FullCommand = true }, p));
        Assert.False(ProcessMatcher.Matches(new VrrpTrackProcessOptions { Process = "a-very-long-process-name", FullCommand = true }, p));
    }

    [Fact]
    public void ParseCmdline_NulSeparated_Argv()
    {
        Assert.Equal(["sleep", "300"], ProcfsProcessTable.ParseCmdline("sleep\0" + "300\0"));
        Assert.Empty(ProcfsProcessTable.ParseCmdline(""));
    }
}
