using System.Net;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Configuration;

public class ResolvedCheckTests
{
    private static readonly RealServerOptions Rs = new() { Address = IPAddress.Parse("192.0.2.1"), Port = 80 };
    private static readonly CheckedServiceOptions Service = new() { Name = "s" };
    private static readonly CheckerOptions Global = new();

    [Theory]
    [InlineData(CheckKind.Tcp, 1, 1)]
    [InlineData(CheckKind.HttpGet, 1, 3)]
    [InlineData(CheckKind.Dns, 3, 60)]
    [InlineData(CheckKind.Misc, 0, 1)]
    public void Resolve_NothingSet_KeepalivedDefaults(CheckKind kind, int retry, int delayBeforeRetrySeconds)
    {
        CheckOptions check = kind switch
        {
            CheckKind.Tcp => new TcpCheckOptions(),
            CheckKind.HttpGet => new HttpGetCheckOptions { Urls = [new HttpUrlOptions { Path = "/" }] },
            CheckKind.Dns => new DnsCheckOptions(),
            _ => new MiscCheckOptions { Command = ["/bin/true"] },
        };

        var resolved = ResolvedCheck.Resolve(check, Rs, Service, Global);

        Assert.Equal(retry, resolved.Retry);
        Assert.Equal(TimeSpan.FromSeconds(delayBeforeRetrySeconds), resolved.DelayBeforeRetry);
        Assert.Equal(TimeSpan.FromSeconds(60), resolved.DelayLoop);
        Assert.Equal(TimeSpan.FromSeconds(60), resolved.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(5), resolved.ConnectTimeout);
        Assert.False(resolved.Alpha);
    }

    [Fact]
    public void Resolve_MiscCheck_ItsOwnUserElseTheGlobalScriptUser_OtherChecksNone()
    {
        var global = new CheckerOptions { ScriptUser = new ScriptUser("nobody", "nogroup") };
        var misc = new MiscCheckOptions { Command = ["/bin/true"] };

        Assert.Equal(new ScriptUser("nobody", "nogroup"), ResolvedCheck.Resolve(misc, Rs, Service, global).ScriptUser);
        Assert.Equal(new ScriptUser("daemon"), ResolvedCheck.Resolve(misc with { User = "daemon" }, Rs, Service, global).ScriptUser);
        Assert.Null(ResolvedCheck.Resolve(misc, Rs, Service, Global).ScriptUser);
        Assert.Null(ResolvedCheck.Resolve(new TcpCheckOptions(), Rs, Service, global).ScriptUser);
        // A new script_user is a new identity for the MISC checks that use it (they restart as that user), not for others.
        Assert.NotEqual(ResolvedCheck.Resolve(misc, Rs, Service, global).Identity, ResolvedCheck.Resolve(misc, Rs, Service, Global).Identity);
        Assert.Equal(ResolvedCheck.Resolve(new TcpCheckOptions(), Rs, Service, global).Identity, ResolvedCheck.Resolve(new TcpCheckOptions(), Rs, Service, Global).Identity);
    }

    [Fact]
    public void Resolve_ValuesAtEveryLevel_CheckWinsOverRealServerOverService()
    {
        var service = Service with { DelayLoop = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(3), Retry = 5, Alpha = true, VirtualHost = "vs" };
        var rs = Rs with { DelayLoop = TimeSpan.FromSeconds(7), VirtualHost = "rs" };
        var check = new TcpCheckOptions { ConnectTimeout = TimeSpan.FromSeconds(2), ConnectIp = IPAddress.Parse("192.0.2.5"), ConnectPort = 8080 };

        var resolved = ResolvedCheck.Resolve(check, rs, service, Global);

        Assert.Equal(TimeSpan.FromSeconds(7), resolved.DelayLoop);
        Assert.Equal(TimeSpan.FromSeconds(7), resolved.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(2), resolved.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), resolved.Deadline);
        Assert.Equal(5, resolved.Retry);
        Assert.True(resolved.Alpha);
        Assert.Equal("rs", resolved.VirtualHost);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.5"), 8080), resolved.Target);
    }

    [Fact]
    public void Resolve_HttpWithTwoUrls_DeadlineIsTwoConnectTimeoutsPerUrlPlusMargin()
    {
        var check = new HttpGetCheckOptions { Urls = [new HttpUrlOptions { Path = "/a" }, new HttpUrlOptions { Path = "/b" }], ConnectTimeout = TimeSpan.FromSeconds(2) };

        Assert.Equal(TimeSpan.FromSeconds(9), ResolvedCheck.Resolve(check, Rs, Service, Global).Deadline);
    }

    [Fact]
    public void Identity_OnlyScheduleDiffers_Equal()
    {
        var a = ResolvedCheck.Resolve(new TcpCheckOptions { DelayLoop = TimeSpan.FromSeconds(1) }, Rs, Service, Global);
        var b = ResolvedCheck.Resolve(new TcpCheckOptions { DelayLoop = TimeSpan.FromSeconds(9), Warmup = TimeSpan.Zero }, Rs, Service, Global);
        var c = ResolvedCheck.Resolve(new TcpCheckOptions { ConnectPort = 81 }, Rs, Service, Global);

        Assert.Equal(a.Identity, b.Identity);
        Assert.NotEqual(a.Identity, c.Identity);
    }
}
