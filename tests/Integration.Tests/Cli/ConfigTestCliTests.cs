using System.Text.Json;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Cli;

/// <summary>The real binary's -t and --dump-conf, as an operator runs them.</summary>
[Trait("Category", "Integration")]
public class ConfigTestCliTests
{
    private static string Sample(string name) => Path.Combine(Prerequisites.SharedRoot, "keepalived-samples", name);

    [Fact]
    public async Task ConfigTest_ValidSample_ExitsZero()
    {
        var r = await DirectorProcess.RunAsync("-t", "-f", Sample("keepalived.conf.sample"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("is valid", r.Stderr);
    }

    [Fact]
    public async Task ConfigTest_MalformedPrefix_ExitsFourWithKeepalivedShapedDiagnostic()
    {
        var path = Sample("keepalived.conf.vrrp.rules");
        var r = await DirectorProcess.RunAsync($"--config-test={path}");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains($"({path}: Line 11) rule to: '192.168.100./24' is not a valid IP address or prefix", r.Stderr);
    }

    [Fact]
    public async Task ConfigTest_SslGetSampleWithAuthenticationHeader_ExitsZero()
    {
        // auth_type AH is sent since issue 3: the sample that used to exit 3 is valid.
        var r = await DirectorProcess.RunAsync("-t", "-f", Sample("keepalived.conf.SSL_GET"));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
    }

    [Fact]
    public async Task ConfigTest_CannotRunAndScriptSecurity_ExitThreeAndFive()
    {
        var dir = Directory.CreateTempSubdirectory("lvsd-it-");
        try
        {
            var fatal = Path.Combine(dir.FullName, "fatal.conf");
            File.WriteAllText(fatal, "vrrp_instance A {\n interface eth0\n virtual_ipaddress { 192.0.2.1 }\n}\n");
            Assert.Equal(3, (await DirectorProcess.RunAsync("-t" + fatal)).ExitCode);
            var scripts = Path.Combine(dir.FullName, "scripts.conf");
            File.WriteAllText(scripts, "vrrp_script chk {\n script \"/bin/true\"\n}\n");
            Assert.Equal(5, (await DirectorProcess.RunAsync("-t", "-f", scripts)).ExitCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DumpConf_Json_IsValidJsonOfTheEffectiveModel()
    {
        var r = await DirectorProcess.RunAsync("--dump-conf=json", "-f", Sample("keepalived.conf.sample"));
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var vs = doc.RootElement.GetProperty("virtual_server")[0];
        Assert.Equal("NAT", vs.GetProperty("lvs_method").GetString());
        Assert.True(doc.RootElement.GetProperty("vrrp_instance")[0].GetProperty("nopreempt").GetBoolean());
        Assert.Equal("224.0.0.18", doc.RootElement.GetProperty("global_defs").GetProperty("vrrp_mcast_group4").GetString());
    }

    [Fact]
    public async Task CommandLine_UnknownOption_ExitsTwoWithGetoptMessage()
    {
        var r = await DirectorProcess.RunAsync("--frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unrecognized option '--frobnicate'", r.Stderr);
    }
}
