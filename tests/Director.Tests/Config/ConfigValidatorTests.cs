using LvsDirector.Config;
using static LvsDirector.Director.Tests.Config.ConfigTestHelpers;

namespace LvsDirector.Director.Tests.Config;

public class ConfigValidatorTests
{
    private const string Vip = "virtual_ipaddress { 192.0.2.100 }";

    [Fact]
    public void Vrrp_DuplicateVridOnInterface_IsFatal()
    {
        var c = Load($"vrrp_instance A {{ interface eth0\nvirtual_router_id 7\n{Vip} }}\nvrrp_instance B {{ interface eth0\nvirtual_router_id 7\n{Vip} }}");
        Assert.Contains(c.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Fatal && d.Message.Contains("VRID 7 is already used by vrrp_instance A on eth0"));
    }

    [Fact]
    public void Vrrp_SameVridOtherInterfaceOrFamily_Accepted()
    {
        var c = Load($"vrrp_instance A {{ interface eth0\nvirtual_router_id 7\n{Vip} }}\nvrrp_instance B {{ interface eth1\nvirtual_router_id 7\n{Vip} }}\n" +
                     "vrrp_instance C { interface eth0\nvirtual_router_id 7\nvirtual_ipaddress { 2001:db8::1 } }");
        Assert.False(c.Diagnostics.HasErrors, Messages(c));
        Assert.Equal(3, c.Model.GetObjects("vrrp_instance").Single(v => v.GetString("name") == "C").GetInteger("version"));
    }

    [Fact]
    public void Vrrp_MasterWithNopreempt_FixedUpToBackup()
    {
        var c = Load($"vrrp_instance A {{ state MASTER\nnopreempt\ninterface eth0\nvirtual_router_id 7\n{Vip} }}");
        Assert.Equal(4, c.Diagnostics.ConfigTestExitCode);
        Assert.Equal("BACKUP", c.Model.GetObjects("vrrp_instance").Single().GetString("state"));
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 1 && d.Message.Contains("nopreempt needs the initial state BACKUP"));
    }

    [Fact]
    public void Vrrp_AuthenticationUnderVersion3_Removed()
    {
        var c = Load($"vrrp_instance A {{ version 3\ninterface eth0\nvirtual_router_id 7\nauthentication {{ auth_type PASS\nauth_pass x }}\n{Vip} }}");
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 4 && d.Message.Contains("not part of VRRPv3"));
        Assert.Null(c.Model.GetObjects("vrrp_instance").Single().GetObject("authentication"));
    }

    [Fact]
    public void Vrrp_UnicastPeerOfOtherFamily_IsFatal()
    {
        var c = Load($"vrrp_instance A {{ interface eth0\nvirtual_router_id 7\nunicast_src_ip 192.0.2.1\nunicast_peer {{\n2001:db8::2\n}}\n{Vip} }}");
        Assert.Contains(c.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Fatal && d.Location.Line == 5);
    }

    [Theory]
    [InlineData("priority 0", "priority: 0 is out of range [1, 255]")]
    [InlineData("priority 256", "priority: 256 is out of range [1, 255]")]
    [InlineData("virtual_router_id 0", "virtual_router_id: 0 is out of range [1, 255]")]
    [InlineData("advert_int 0", "advert_int: 0 is out of range")]
    [InlineData("advert_int 1.5", "VRRPv2 advert_int must be whole seconds")]
    public void Vrrp_Ranges_Reported(string line, string message)
    {
        var c = Load($"vrrp_instance A {{ interface eth0\nvirtual_router_id 7\n{line}\n{Vip} }}");
        Assert.Contains(c.Diagnostics.Items, d => d.Message.Contains(message));
        Assert.True(c.Diagnostics.HasErrors);
    }

    [Fact]
    public void Vrrp_EffectivePriorityDefaultAndTrackScriptReference_Checked()
    {
        var c = Load($"vrrp_instance A {{ interface eth0\nvirtual_router_id 7\ntrack_script {{\n missing weight 5\n}}\n{Vip} }}");
        Assert.Equal(100, c.Model.GetObjects("vrrp_instance").Single().GetInteger("priority"));
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 4 && d.Message.Contains("no vrrp_script of that name"));
    }

    [Fact]
    public void Scripts_WithoutScriptSecurity_ExitFive()
    {
        var c = Load("vrrp_script chk { script \"/bin/true\" }");
        Assert.Equal(5, c.Diagnostics.ConfigTestExitCode);
        var secured = Load("global_defs { enable_script_security }\nvrrp_script chk { script \"/bin/true\" }");
        Assert.Equal(0, secured.Diagnostics.ConfigTestExitCode);
    }

    [Fact]
    public void Scripts_WritableByOthersUnderScriptSecurity_Refused()
    {
        using var dir = new TempDir();
        var script = dir.Write("check.sh", "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("777", 8));
        var c = Load($"global_defs {{ enable_script_security }}\nvrrp_script chk {{ script \"{script}\" }}", Offline with { CheckEnvironment = true });
        Assert.Contains(c.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Error && d.Message.Contains("unsafe permissions") && d.Message.Contains(script));
    }

    [Fact]
    public void Environment_MissingInterfaceAndScript_AreWarnings()
    {
        var c = Load($"global_defs {{ enable_script_security }}\nvrrp_script chk {{ script \"/nonexistent/chk.sh\" }}\n" +
                     $"vrrp_instance A {{ interface lvsd-no-such-if\nvirtual_router_id 7\n{Vip} }}", Offline with { CheckEnvironment = true });
        Assert.False(c.Diagnostics.HasErrors, Messages(c));
        Assert.Contains(c.Diagnostics.Items, d => d.Message.Contains("interface lvsd-no-such-if does not exist"));
        Assert.Contains(c.Diagnostics.Items, d => d.Message.Contains("/nonexistent/chk.sh does not exist"));
    }

    [Fact]
    public void Lvs_DuplicateVirtualServerAndMissingGroup_AreFatal()
    {
        var c = Load("virtual_server 192.0.2.1 80 { lb_algo rr }\nvirtual_server 192.0.2.1 80 { lb_algo rr }\nvirtual_server group nope { lb_algo rr }");
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 2 && d.Message.Contains("defined twice"));
        Assert.Contains(c.Diagnostics.Items, d => d.Location.Line == 3 && d.Message.Contains("no virtual_server_group"));
    }

    [Fact]
    public void Lvs_GroupRangeTooLargeToExpand_ReportedByTheConfigTest()
    {
        var c = Load("virtual_server_group big {\n  10.0.0.0/8 80\n}\nvirtual_server group big {\n  lb_algo rr\n  protocol TCP\n  real_server 198.51.100.1 80 {\n  }\n}\n");
        var d = Assert.Single(c.Diagnostics.Items, d => d.Message.Contains("holds more than"));
        Assert.Equal(2, d.Location.Line);
        Assert.True(c.Diagnostics.HasErrors);
    }
}
