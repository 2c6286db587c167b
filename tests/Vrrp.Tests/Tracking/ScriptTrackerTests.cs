using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Scripts;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

public class ScriptTrackerTests
{
    private static ScriptTracker Tracker(int rise = 1, int fall = 1, bool initFail = false) => new(
        "chk",
        new VrrpScriptOptions { Command = new VrrpScriptCommand { Arguments = new[] { "/bin/true" } }, Rise = rise, Fall = fall, InitFail = initFail, Weight = 2 },
        new VrrpScriptingOptions(),
        new ScriptRunner(new FakeScriptLauncher(), new ManualTimeProvider(), NullLogger.Instance),
        NullLogger.Instance,
        () => { });

    [Fact]
    public void Record_FirstResult_DecidesAtOnce()
    {
        var ok = Tracker(rise: 3, fall: 3);
        var ko = Tracker(rise: 3, fall: 3);

        Assert.Null(ok.Ok);
        Assert.True(ok.Record(ScriptResult.Exited(0)));
        Assert.True(ko.Record(ScriptResult.Exited(1)));
        Assert.True(ok.Ok);
        Assert.False(ko.Ok);
    }

    [Fact]
    public void Record_FallTwo_NeedsTwoConsecutiveFailures()
    {
        var t = Tracker(fall: 2);
        t.Record(ScriptResult.Exited(0));

        Assert.False(t.Record(ScriptResult.Exited(1)));
        Assert.True(t.Ok);
        Assert.False(t.Record(ScriptResult.Exited(0)));   // a success resets the count
        Assert.False(t.Record(ScriptResult.Exited(1)));
        Assert.True(t.Record(ScriptResult.Timeout));      // a timeout is a failure
        Assert.False(t.Ok);
    }

    [Fact]
    public void Record_RiseThree_NeedsThreeConsecutiveSuccesses()
    {
        var t = Tracker(rise: 3, initFail: true);

        Assert.False(t.Ok);
        Assert.False(t.Record(ScriptResult.Exited(0)));
        Assert.False(t.Record(ScriptResult.Exited(0)));
        Assert.True(t.Record(ScriptResult.Exited(0)));
        Assert.True(t.Ok);
    }

    [Fact]
    public void Record_StartFailure_CountsAsFailure()
    {
        var t = Tracker();
        t.Record(ScriptResult.Exited(0));

        Assert.True(t.Record(ScriptResult.Failed("ENOENT")));
        Assert.False(t.Ok);
    }
}
