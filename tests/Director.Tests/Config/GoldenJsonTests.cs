using LvsDirector.Config;
using LvsDirector.Config.Json;
using LvsDirector.TestSupport;

namespace LvsDirector.Director.Tests.Config;

/// <summary>
/// The effective model of hand-written configs, one per area, against reviewed JSON in Fixtures/.
/// Regenerate after an intended change with: lvs-director --dump-conf=json -f Fixtures/X.conf > Fixtures/X.json
/// </summary>
public class GoldenJsonTests
{
    [Theory]
    [InlineData("global_defs")]
    [InlineData("vrrp")]
    [InlineData("lvs")]
    public void DumpConf_Fixture_MatchesGoldenJson(string name)
    {
        var dir = Path.Combine(Prerequisites.RepositoryRoot, "tests", "Director.Tests", "Fixtures");
        var config = KeepalivedConfigLoader.LoadFile(Path.Combine(dir, name + ".conf"), ConfigTestHelpers.Offline);
        Assert.False(config.Diagnostics.HasErrors, ConfigTestHelpers.Messages(config));
        var expected = File.ReadAllText(Path.Combine(dir, name + ".json")).TrimEnd();
        Assert.Equal(expected, ConfigJsonWriter.ToJson(config.Model).TrimEnd());
    }
}
