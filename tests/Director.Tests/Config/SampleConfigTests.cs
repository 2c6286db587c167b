using LvsDirector.Config;
using LvsDirector.TestSupport;

namespace LvsDirector.Director.Tests.Config;

public class SampleConfigTests
{
    public static IEnumerable<object[]> Samples() =>
        Directory.EnumerateFiles(Path.Combine(Prerequisites.SharedRoot, "keepalived-samples"), "keepalived.conf*")
            .Order().Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Samples))]
    public void LoadFile_KeepalivedSample_ParsesWithFileAndLineOnEveryDiagnostic(string name)
    {
        var path = Path.Combine(Prerequisites.SharedRoot, "keepalived-samples", name);
        var config = KeepalivedConfigLoader.LoadFile(path, ConfigTestHelpers.Offline);
        Assert.False(config.Model.Entries.IsEmpty);
        Assert.All(config.Diagnostics.Items, d =>
        {
            Assert.Equal(path, d.Location.File);
            Assert.True(d.Location.Line > 0, d.ToString());
        });
        switch (name)
        {
            case "keepalived.conf.vrrp.rules":
                break; // a malformed prefix: see below
            default:
                Assert.False(config.Diagnostics.HasErrors, ConfigTestHelpers.Messages(config));
                break;
        }
    }

    [Fact]
    public void LoadFile_RulesSampleWithMalformedPrefix_GivesPreciseDiagnostic()
    {
        var path = Path.Combine(Prerequisites.SharedRoot, "keepalived-samples", "keepalived.conf.vrrp.rules");
        var config = KeepalivedConfigLoader.LoadFile(path, ConfigTestHelpers.Offline);
        var error = Assert.Single(config.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Error && d.Message.Contains("192.168.100./24"));
        Assert.Equal(11, error.Location.Line);
        Assert.Contains("not a valid IP address or prefix", error.Message);
        Assert.Equal(4, config.Diagnostics.ConfigTestExitCode);
    }

    [Fact]
    public void LoadFile_OldSyncGroupSyntax_ReadsMembersWithoutGroupBlock()
    {
        var path = Path.Combine(Prerequisites.SharedRoot, "keepalived-samples", "keepalived.conf.vrrp.lvs_syncd");
        var config = KeepalivedConfigLoader.LoadFile(path, ConfigTestHelpers.Offline);
        var group = Assert.Single(config.Model.GetObjects("vrrp_sync_group"));
        Assert.True(group.GetItems("group").Count() >= 2);
    }

    [Fact]
    public void LoadFile_ConditionalSample_KeepsOnlyLinesOfTheConfigId()
    {
        var path = Path.Combine(Prerequisites.SharedRoot, "keepalived-samples", "keepalived.conf.conditional_conf");
        var high = KeepalivedConfigLoader.LoadFile(path, ConfigTestHelpers.Offline with { ConfigId = "high" });
        var low = KeepalivedConfigLoader.LoadFile(path, ConfigTestHelpers.Offline with { ConfigId = "low" });
        var highPriorities = high.Model.GetObjects("vrrp_instance").Select(v => v.GetInteger("priority")).ToList();
        var lowPriorities = low.Model.GetObjects("vrrp_instance").Select(v => v.GetInteger("priority")).ToList();
        Assert.NotEqual(highPriorities, lowPriorities);
    }
}
