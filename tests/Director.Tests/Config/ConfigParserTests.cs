using LvsDirector.Config;
using static LvsDirector.Director.Tests.Config.ConfigTestHelpers;

namespace LvsDirector.Director.Tests.Config;

public class ConfigParserTests
{
    [Fact]
    public void Block_BraceOnNextLineAndOneLineBlocks_Parsed()
    {
        var c = Load("""
            vrrp_instance VI_1
            {
              interface eth0
              virtual_router_id 9
              virtual_ipaddress { 192.0.2.1/24 dev eth1 label eth1:v scope link }
              authentication
              {
                auth_type PASS
                auth_pass secret
              }
            }
            """);
        Assert.False(c.Diagnostics.HasErrors, Messages(c));
        var vi = c.Model.GetObjects("vrrp_instance").Single();
        var vip = (LvsDirector.Config.Model.ConfigObject)vi.GetItems("virtual_ipaddress").Single();
        Assert.Equal("192.0.2.1/24", vip.GetString("address"));
        Assert.Equal("eth1", vip.GetString("dev"));
        Assert.Equal("eth1:v", vip.GetString("label"));
        Assert.Equal("PASS", vi.GetObject("authentication")!.GetString("auth_type"));
    }

    [Fact]
    public void Block_Unclosed_ReportedAtItsOpeningLine()
    {
        var c = Load("global_defs {\n  router_id r\nvrrp_instance VI_1 {\n  interface eth0\n");
        var errors = c.Diagnostics.Items.Where(d => d.Message.Contains("not closed")).ToList();
        Assert.Equal(new[] { 3, 1 }, errors.Select(e => e.Location.Line));
    }

    [Fact]
    public void Block_StrayCloseBrace_Reported()
    {
        var c = Load("}\nglobal_defs { router_id r }");
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 1 && d.Message.Contains("'}' without a block"));
        Assert.Equal("r", c.Model.GetObject("global_defs")!.GetString("router_id"));
    }

    [Fact]
    public void Keyword_Unknown_WarnsWithKeywordFileAndLine()
    {
        var c = Load("global_defs {\n  router_id r\n  frobnicate 3\n}");
        var d = Assert.Single(c.Diagnostics.Items);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("(test.conf: Line 3) WARNING - Unknown keyword 'frobnicate' in global_defs", d.ToString());
    }

    [Fact]
    public void Keyword_Deprecated_WarnsNamingReplacementAndStoresUnderIt()
    {
        var c = Load("""
            virtual_server 192.0.2.1 80 {
              lb_algo rr
              real_server 198.51.100.1 80 {
                HTTP_GET {
                  url { path / }
                  nb_get_retry 4
                }
              }
            }
            """);
        Assert.Contains(c.Diagnostics.Items, d => d.Message == "'nb_get_retry' is deprecated: use 'retry'");
        var check = c.Model.GetObjects("virtual_server").Single().GetObjects("real_server").Single().GetObjects("HTTP_GET").Single();
        Assert.Equal(4, check.GetInteger("retry"));
    }
}
