using System.Text;
using LvsDirector.Config;
using static LvsDirector.Director.Tests.Config.ConfigTestHelpers;

namespace LvsDirector.Director.Tests.Config;

/// <summary>Hostile and broken input ends in a diagnostic within bounded time and memory, never an exception.</summary>
public class BadInputTests
{
    [Fact]
    public void BinaryGarbage_ProducesDiagnosticsNotExceptions()
    {
        var random = new Random(42);
        var bytes = new byte[256 * 1024];
        random.NextBytes(bytes);
        var c = Load(Encoding.Latin1.GetString(bytes));
        Assert.NotEmpty(c.Diagnostics.Items);
        Assert.All(c.Diagnostics.Items, d => Assert.True(d.Location.Line > 0));
    }

    [Fact]
    public void NulByte_LineIgnoredWithWarning()
    {
        var c = Load("global_defs {\n  router_id a\0b\n  smtp_server 192.0.2.9\n}");
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 2 && d.Message.Contains("NUL"));
        Assert.Null(c.Model.GetObject("global_defs")!.GetString("router_id"));
        Assert.NotNull(c.Model.GetObject("global_defs")!.GetObject("smtp_server"));
    }

    [Fact]
    public void UnterminatedQuote_Reported()
    {
        var c = Load("global_defs {\n  router_id \"abc\n}");
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 2 && d.Message.Contains("unterminated quoted string"));
    }

    [Fact]
    public void TenThousandNestedBlocks_DepthLimitedWithoutStackOverflow()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 10_000; i++) sb.Append("a {\n");
        for (var i = 0; i < 10_000; i++) sb.Append("}\n");
        var c = Load(sb.ToString());
        Assert.Contains(c.Diagnostics.Items, d => d.Message.Contains("nested deeper than"));
    }

    [Fact]
    public void SequenceOfMillions_RefusedWithDiagnostic()
    {
        var c = Load("~SEQ(i, 1, 50000000) global_defs { router_id r$i }");
        var d = Assert.Single(c.Diagnostics.Items);
        Assert.Contains("more than the limit", d.Message);
    }

    [Fact]
    public void NestedSequences_TotalBoundedByLineLimit()
    {
        var limits = ConfigLimits.Default with { MaxLogicalLines = 100_000 };
        var c = Load("~SEQ(a, 1000) ~SEQ(b, 1000) vrrp_script s$a_$b { script /bin/true }", Offline with { Limits = limits });
        Assert.True(c.Diagnostics.HasFatal);
        Assert.Contains("more than 100000 lines", Messages(c));
    }

    [Fact]
    public void HundredMegabyteFile_RefusedBeforeReading()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "big.conf");
        using (var f = File.Create(path)) f.SetLength(100L * 1024 * 1024);
        var c = KeepalivedConfigLoader.LoadFile(path, Offline);
        Assert.True(c.Diagnostics.HasFatal);
        Assert.Contains("more than the limit", Messages(c));
    }

    [Fact]
    public void RecursiveDefinition_Reported()
    {
        var c = Load("$A=x $B\n$B=y $A\nglobal_defs { router_id $A }");
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 3);
    }

    [Fact]
    public void MissingMainFile_IsFatal()
    {
        var c = KeepalivedConfigLoader.LoadFile("/nonexistent/keepalived.conf", Offline);
        Assert.True(c.Diagnostics.HasFatal);
        Assert.Equal(3, c.Diagnostics.ConfigTestExitCode);
    }
}
