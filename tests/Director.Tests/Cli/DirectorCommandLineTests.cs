using LvsDirector.Cli;

namespace LvsDirector.Director.Tests.Cli;

public class DirectorCommandLineTests
{
    [Fact]
    public void Parse_BundledShortOptions_LikeKeepalived()
    {
        var (o, errors) = DirectorCommandLine.Parse(["-nlP", "-f", "/tmp/k.conf", "-D", "-p/run/x.pid"]);
        Assert.Empty(errors);
        Assert.True(o.DontFork && o.LogConsole && o.VrrpOnly && o.LogDetail);
        Assert.Equal("/tmp/k.conf", o.ConfigFile);
        Assert.Equal("/run/x.pid", o.PidFile);
    }

    [Fact]
    public void Parse_LongForms_LikeKeepalived()
    {
        var (o, errors) = DirectorCommandLine.Parse(["--dont-fork", "--log-console", "--check", "--use-file=/tmp/k.conf", "--config-id", "high"]);
        Assert.Empty(errors);
        Assert.True(o.DontFork && o.LogConsole && o.CheckOnly);
        Assert.Equal("/tmp/k.conf", o.ConfigFile);
        Assert.Equal("high", o.ConfigId);
    }

    [Theory]
    [InlineData("-t/tmp/a.conf", "/tmp/a.conf")]
    [InlineData("--config-test=/tmp/a.conf", "/tmp/a.conf")]
    [InlineData("-t", "/etc/keepalived/keepalived.conf")]
    public void Parse_ConfigTestOptionalArgument_AttachedOnly(string arg, string file)
    {
        var (o, errors) = DirectorCommandLine.Parse([arg]);
        Assert.Empty(errors);
        Assert.True(o.ConfigTest);
        Assert.Equal(file, o.ConfigFile);
    }

    [Fact]
    public void Parse_DumpConfJson_AndUnknownOption()
    {
        var (o, errors) = DirectorCommandLine.Parse(["--dump-conf=json", "-f", "x"]);
        Assert.Empty(errors);
        Assert.Equal("json", o.DumpConf);
        var (_, bad) = DirectorCommandLine.Parse(["-Q", "--frob"]);
        Assert.Equal(new[] { "invalid option -- 'Q'", "unrecognized option '--frob'" }, bad);
    }

    [Fact]
    public void Parse_KeepalivedOnlyOptions_AcceptedAndListed()
    {
        var (o, errors) = DirectorCommandLine.Parse(["-R", "-S", "local0", "--no-syslog"]);
        Assert.Empty(errors);
        Assert.Equal(new[] { "dont-respawn", "log-facility", "no-syslog" }, o.AcceptedButIgnored);
    }
}
