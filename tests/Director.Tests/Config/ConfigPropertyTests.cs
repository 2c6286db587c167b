using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Config;
using LvsDirector.TestSupport;
using static LvsDirector.Director.Tests.Config.ConfigTestHelpers;

namespace LvsDirector.Director.Tests.Config;

/// <summary>Generated and mutated configurations: never an unhandled exception; every diagnostic has a file and line.</summary>
public class ConfigPropertyTests
{
    private static readonly string[] Words =
    [
        "{", "}", "vrrp_instance", "VI_1", "virtual_server", "192.0.2.1", "80", "real_server", "HTTP_GET", "url", "path", "/",
        "priority", "300", "-1", "advert_int", "0.5", "\"", "'", "$X", "${X}", "$X=", "~SEQ(i,3)", "~LST(a,1,2)", "@node1", "@^x",
        "include", "include_check", "#", "!", "\\", "interface", "eth0", "virtual_ipaddress", "192.0.2.300/24", "2001:db8::1/129",
        "global_defs", "lb_algo", "rr", "status_code", "200-299", "weight", "reverse", "track_script", "nopreempt", "state", "MASTER",
        "\n", "\n", "\n", "\0", "fwmark", "group", "unicast_peer", "authentication", "auth_type", "PASS", "version", "3",
    ];

    private static readonly string[] SampleTexts = Directory
        .EnumerateFiles(Path.Combine(Prerequisites.SharedRoot, "keepalived-samples"), "keepalived.conf*")
        .Select(File.ReadAllText).ToArray();

    private static void AssertWellFormed(KeepalivedConfig c) =>
        Assert.All(c.Diagnostics.Items, d => Assert.True(d.Location.Line > 0 && d.Location.File.Length > 0, d.ToString()));

    [Fact]
    public void Load_GeneratedWordSoup_NeverThrowsAndLocatesEveryDiagnostic()
    {
        var gen = Gen.ArrayOf(Gen.Elements(Words)).Select(ws => string.Join(' ', ws));
        Prop.ForAll(gen.ToArbitrary(), text =>
        {
            AssertWellFormed(Load(text));
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Fact]
    public void Load_MutatedSamples_NeverThrowsAndLocatesEveryDiagnostic()
    {
        var gen =
            from sample in Gen.Elements(SampleTexts)
            from cuts in Gen.ArrayOf(Gen.Choose(0, 10_000), 3)
            from insert in Gen.Elements(Words)
            select Mutate(sample, cuts, insert);
        Prop.ForAll(gen.ToArbitrary(), text =>
        {
            AssertWellFormed(Load(text));
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static string Mutate(string sample, int[] cuts, string insert)
    {
        var a = cuts[0] % (sample.Length + 1);
        var b = Math.Min(sample.Length, a + cuts[1] % 40);
        var text = sample[..a] + sample[b..];
        var at = cuts[2] % (text.Length + 1);
        return text[..at] + insert + text[at..];
    }
}
