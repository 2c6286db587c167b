using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Config.Json;
using LvsDirector.Config.Lexing;
using LvsDirector.Config.Schema;
using LvsDirector.Config.Syntax;
using LvsDirector.Config.Validation;
using static LvsDirector.Director.Tests.Config.ConfigTestHelpers;

namespace LvsDirector.Director.Tests.Config;

/// <summary>The load binds top-level blocks on a second thread while parsing goes on (issue 2: load time).</summary>
public class BindingPipelineTests
{
    private const string Text = """
        global_defs { router_id r1 }
        vrrp_instance VI_1
        {
          interface eth0
          virtual_router_id 300
          bogus_keyword 1
          virtual_ipaddress { 192.0.2.1/24 }
        }
        virtual_server 192.0.2.10 80 {
          lb_algo nosuch
          real_server 198.51.100.1 80 { weight 1 TCP_CHECK { connect_timeout 3 } }
        }
        vrrp_script chk { script "/bin/true" interval 2 }
        unknown_top_level
        """;

    [Fact]
    public void TopLevelCompleted_EachTopLevelStatementOnceInOrder_IncludingBraceOnNextLineAndUnclosed()
    {
        var seen = new List<string>();
        var parser = new ConfigParser(new ConfigDiagnostics(), 64) { TopLevelCompleted = n => seen.Add($"{n.Keyword}:{n.Children?.Count ?? -1}") };
        var pre = new ConfigPreprocessor("n", new ConfigLimits(), new ConfigDiagnostics(), parser.AddLine);
        pre.ProcessText("t.conf", "a 1\nb\n{\n  x 1\n  y { z }\n}\nc { d 1 }\ne {\n  f 1\n", "/");
        Assert.Equal(new[] { "a:-1" }, seen.Take(1));
        parser.Complete();
        Assert.Equal(new[] { "a:-1", "b:2", "c:1", "e:1" }, seen);
    }

    [Fact]
    public void Load_SameModelAndDiagnosticsAsParseThenBind()
    {
        var piped = Load(Text);

        // The sequential reference: the whole tree first, then the binder over it.
        var diagnostics = new ConfigDiagnostics();
        var parser = new ConfigParser(diagnostics, 64);
        new ConfigPreprocessor("node1", new ConfigLimits(), diagnostics, parser.AddLine).ProcessText("test.conf", Text, Path.GetTempPath());
        parser.Complete();
        var model = new SchemaBinder(diagnostics).Bind(parser.Root, KeepalivedSchema.Root);
        ConfigValidator.Validate(model, diagnostics, Offline);

        Assert.Equal(ConfigJsonWriter.ToJson(model), ConfigJsonWriter.ToJson(piped.Model));
        var pipedMessages = piped.Diagnostics.Items.Select(d => d.ToString()).ToList();
        var sequential = diagnostics.Items.Select(d => d.ToString()).ToList();
        Assert.True(sequential.Count >= 3, string.Join("\n", sequential));
        Assert.Equal(sequential, pipedMessages);
    }

    [Fact]
    public void Append_KeepsOrderFlagsAndLimit()
    {
        var first = new ConfigDiagnostics(max: 3);
        first.Warning(new SourceLocation("f", 1), "w1");
        var second = first.CreateEmpty();
        second.Error(new SourceLocation("f", 2), "e2");
        second.Fatal(new SourceLocation("f", 3), "f3");
        second.Warning(new SourceLocation("f", 4), "w4");
        first.Append(second);
        Assert.Equal(new[] { "w1", "e2", "f3" }, first.Items.Select(d => d.Message));
        Assert.Equal(1, first.Dropped);
        Assert.True(first.HasErrors);
        Assert.True(first.HasFatal);
    }

    [Fact]
    public void ParallelLoop_EveryIndexOnce_AndTheBodysExceptionAsThrown()
    {
        var hits = new int[10_000];
        ParallelLoop.For(hits.Length, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));

        var e = Assert.Throws<FormatException>(() => ParallelLoop.For(100, i => { if (i == 42) throw new FormatException("bad 42"); }));
        Assert.Equal("bad 42", e.Message);
        ParallelLoop.For(0, _ => throw new InvalidOperationException("never"));
    }
}
