using LvsDirector.Config;
using LvsDirector.Config.Model;
using static LvsDirector.Director.Tests.Config.ConfigTestHelpers;

namespace LvsDirector.Director.Tests.Config;

public class ConfigPreprocessorTests
{
    private static List<ConfigObject> Instances(KeepalivedConfig c) => c.Model.GetObjects("vrrp_instance").ToList();

    [Fact]
    public void Definition_SubstitutedBareAndBraced_ValuesReplaced()
    {
        var c = Load("""
            $IF=eth7
            $PRIO=150
            vrrp_instance VI_1 {
              interface $IF
              priority ${PRIO}
              virtual_router_id 5${PRIO}
              virtual_ipaddress { 192.0.2.1 }
            }
            """);
        var vi = Assert.Single(Instances(c));
        Assert.Equal("eth7", vi.GetString("interface"));
        Assert.Equal(150, vi.GetInteger("priority"));
        Assert.Contains("5150", Messages(c)); // VRID 5150 is out of range: the substituted value was used
    }

    [Fact]
    public void Definition_MultiLineBlock_ExpandsIntoLines()
    {
        var c = Load("""
            $INST= \
            vrrp_instance VI_${N} { \
              interface eth0 \
              virtual_router_id ${N} \
              virtual_ipaddress { 192.0.2.${N} } \
            }
            $N=1
            $INST
            $N=2
            $INST
            """);
        Assert.Equal(new long?[] { 1, 2 }, Instances(c).Select(v => v.GetInteger("virtual_router_id")));
        Assert.Equal(new[] { "VI_1", "VI_2" }, Instances(c).Select(v => v.GetString("name")));
    }

    [Fact]
    public void Predefined_HashBangPwdEnv_Resolved()
    {
        Environment.SetEnvironmentVariable("LVSD_TEST_ROUTER", "r-from-env");
        using var dir = new TempDir();
        var c = Load("""
            global_defs {
              router_id ${_ENV LVSD_TEST_ROUTER}
              notification_email_from a${_HASH}b${_BANG}c
              state_dump_file ${_PWD}/dump
            }
            """, dir: dir.Path);
        var g = c.Model.GetObject("global_defs")!;
        Assert.Equal("r-from-env", g.GetString("router_id"));
        Assert.Equal("a#b!c", g.GetString("notification_email_from"));
        Assert.Equal(dir.Path + "/dump", g.GetString("state_dump_file"));
    }

    [Fact]
    public void Conditional_IdAndNegatedId_SelectLines()
    {
        var text = """
            global_defs {
            @node1  router_id one
            @^node1 router_id other
            }
            """;
        Assert.Equal("one", Load(text).Model.GetObject("global_defs")!.GetString("router_id"));
        Assert.Equal("other", Load(text, Offline with { ConfigId = "node2" }).Model.GetObject("global_defs")!.GetString("router_id"));
    }

    [Theory]
    [InlineData("~SEQ(i, 3) virtual_server 192.0.2.$i 80 { real_server 198.51.100.1 80 { } }", new[] { "192.0.2.1", "192.0.2.2", "192.0.2.3" })]
    [InlineData("~SEQ(i, 5, 7) virtual_server 192.0.2.$i 80 { real_server 198.51.100.1 80 { } }", new[] { "192.0.2.5", "192.0.2.6", "192.0.2.7" })]
    [InlineData("~SEQ(i, 10, -4, 2) virtual_server 192.0.2.${i} 80 { real_server 198.51.100.1 80 { } }", new[] { "192.0.2.10", "192.0.2.6", "192.0.2.2" })]
    [InlineData("~SEQx(i, 9, 11) virtual_server 2001:db8::${i} 80 { real_server 198.51.100.1 80 { } }", new[] { "2001:db8::9", "2001:db8::a", "2001:db8::b" })]
    [InlineData("~LST(i, 7, 9) virtual_server 192.0.2.$i 80 { real_server 198.51.100.1 80 { } }", new[] { "192.0.2.7", "192.0.2.9" })]
    public void Sequence_Forms_GenerateLines(string line, string[] expected)
    {
        var c = Load(line);
        Assert.Equal(expected, c.Model.GetObjects("virtual_server").Select(v => v.GetString("ip")));
    }

    [Fact]
    public void Sequence_MultiVariableListAndNesting_CartesianProduct()
    {
        var c = Load("""
            ~LST({a,p},{1,80},{2,443}) ~SEQ(r, 2) virtual_server 192.0.2.$a $p { real_server 198.51.100.$r $p { } lb_algo rr }
            """);
        var keys = c.Model.GetObjects("virtual_server").Select(v => $"{v.GetString("ip")}:{v.GetInteger("port")}").ToList();
        Assert.Equal(new[] { "192.0.2.1:80", "192.0.2.1:80", "192.0.2.2:443", "192.0.2.2:443" }, keys);
        Assert.Contains("defined twice", Messages(c));
    }

    [Fact]
    public void Include_RelativeGlobAndBrace_ReadsInOrderRelativeToIncludingFile()
    {
        using var dir = new TempDir();
        dir.Write("conf.d/b.conf", "vrrp_script chk_b { script /bin/true }");
        dir.Write("conf.d/a.conf", "vrrp_script chk_a { script /bin/true }\ninclude ../more/{x,y}.inc");
        dir.Write("more/x.inc", "vrrp_script chk_x { script /bin/true }");
        dir.Write("more/y.inc", "vrrp_script chk_y { script /bin/true }");
        var main = dir.Write("keepalived.conf", "include conf.d/*.conf");
        var c = KeepalivedConfigLoader.LoadFile(main, Offline);
        Assert.Equal(new[] { "chk_a", "chk_x", "chk_y", "chk_b" }, c.Model.GetObjects("vrrp_script").Select(s => s.GetString("name")));
        Assert.Equal(5, c.Files.Count);
    }

    [Fact]
    public void Include_Missing_WarnsByDefaultAndErrsUnderIncludeCheck()
    {
        using var dir = new TempDir();
        var plain = KeepalivedConfigLoader.LoadFile(dir.Write("a.conf", "include nothing/*.conf"), Offline);
        Assert.False(plain.Diagnostics.HasErrors);
        Assert.Contains("matches no file", Messages(plain));
        var checkedInclude = KeepalivedConfigLoader.LoadFile(dir.Write("b.conf", "includea nothing.conf"), Offline);
        Assert.True(checkedInclude.Diagnostics.HasErrors);
        var viaGlobal = KeepalivedConfigLoader.LoadFile(dir.Write("c.conf", "global_defs {\ninclude_check\n}\ninclude nothing.conf"), Offline);
        Assert.True(viaGlobal.Diagnostics.HasErrors);
    }

    [Fact]
    public void Include_Loop_IsFatalAndNamesTheChain()
    {
        using var dir = new TempDir();
        dir.Write("b.conf", "include a.conf");
        var a = dir.Write("a.conf", "include b.conf");
        var c = KeepalivedConfigLoader.LoadFile(a, Offline);
        Assert.True(c.Diagnostics.HasFatal);
        Assert.Contains("include loop", Messages(c));
        Assert.Equal(3, c.Diagnostics.ConfigTestExitCode);
    }

    [Fact]
    public void QuotedStrings_EscapesAndConcatenation_AreOneWord()
    {
        var c = Load("""
            vrrp_script chk {
              script "/bin/echo 'a b'"
              user "no body"
            }
            global_defs { router_id ab"c d"e\x41 }
            global_defs { notification_email_from "tab\there\x41\101" }
            """);
        var script = c.Model.GetObjects("vrrp_script").Single();
        Assert.Equal("/bin/echo 'a b'", script.GetObject("script")!.GetString("command"));
        Assert.Equal("no body", script.GetObject("user")!.GetString("user"));
        Assert.Equal("tab\thereAA", c.Model.GetObject("global_defs")!.GetString("notification_email_from"));
    }

    [Fact]
    public void Comments_HashAndBangOutsideQuotes_Stripped()
    {
        var c = Load("""
            global_defs { ! a comment
              router_id r1 # trailing
              notification_email_from "x#y"
            }
            """);
        var g = c.Model.GetObject("global_defs")!;
        Assert.Equal("r1", g.GetString("router_id"));
        Assert.Equal("x#y", g.GetString("notification_email_from"));
    }

    [Theory]
    [InlineData("utf-8 with BOM")]
    [InlineData("utf-16 LE with BOM")]
    [InlineData("utf-8, invalid byte")]
    [InlineData("utf-8, a character across the 64 KiB read buffer")]
    public void File_EncodingsAsReadAllTextReadsThem(string encoding)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lvsd-enc-{Guid.NewGuid():N}.conf");
        var text = "global_defs {\n  router_id r\u00e9\n}\n";
        byte[] bytes = encoding switch
        {
            "utf-8 with BOM" => [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)],
            "utf-16 LE with BOM" => [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(text)],
            // The two bytes of "é" at offsets 65535 and 65536: the second read of the file starts inside it.
            "utf-8, a character across the 64 KiB read buffer" => System.Text.Encoding.UTF8.GetBytes(
                "# " + new string('a', 65535 - 2 - 1 - "global_defs {\n  router_id r".Length) + "\n" + text),
            _ => System.Text.Encoding.UTF8.GetBytes(text.Replace("\u00e9", "\u00e9X")).Select(b => b == (byte)'X' ? (byte)0xFF : b).ToArray(),
        };
        File.WriteAllBytes(path, bytes);
        try
        {
            var c = KeepalivedConfigLoader.LoadFile(path, Offline);
            Assert.Equal(File.ReadAllText(path, System.Text.Encoding.UTF8).Split('\n').Single(l => l.Contains("router_id")).Trim()["router_id ".Length..], c.Model.GetObject("global_defs")!.GetString("router_id"));
            Assert.False(c.Diagnostics.HasErrors, Messages(c));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
