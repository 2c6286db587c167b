using System.Net;
using LvsDirector.Alerts;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Director.Tests.Config;

namespace LvsDirector.Director.Tests.Alerts;

/// <summary>smtp_alert for the checkers: which events are handed to the alert channel, as keepalived decides, and in its words.</summary>
public class CheckerAlertPolicyTests
{
    private const string Mail = """
        global_defs {
          router_id lb1
          notification_email { ops@example.org }
          notification_email_from lb1@example.org
          smtp_server 192.0.2.25
        GLOBAL
        }
        """;

    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private static readonly RealServerKey Rs1 = new(IPAddress.Parse("198.51.100.1"), 80);
    private static readonly RealServerKey Rs2 = new(IPAddress.Parse("198.51.100.2"), 80);
    private const string Service = "192.0.2.1:80/TCP";

    private static CheckerAlertPolicy Policy(string global = "", string vs = "", string rs1 = "", string header = Mail) =>
        CheckerAlertPolicy.From(ConfigTestHelpers.Load(header.Replace("GLOBAL", global) + $$"""
            virtual_server 192.0.2.1 80 {
              protocol TCP
              lb_algo rr
              {{vs}}
              real_server 198.51.100.1 80 {
                {{rs1}}
                TCP_CHECK { }
              }
              real_server 198.51.100.2 80 {
                TCP_CHECK { }
              }
            }
            """).Model);

    private static RealServerStateChanged Down(RealServerKey rs) => new(Service, Now, rs, false, false, 0, true, "TCP connection refused");

    private static RealServerStateChanged Up(RealServerKey rs) => new(Service, Now, rs, true, true, 1, true, "passed");

    private static QuorumStateChanged Quorum(bool up) => new(Service, Now, up, up ? 2 : 0, 1, 0);

    [Fact]
    public void RealServerDownAndUp_AlertByDefault_InKeepalivedsWords()
    {
        var policy = Policy();

        var down = policy.For(Down(Rs1));
        var up = policy.For(Up(Rs1));

        Assert.Equal("[lb1] Realserver 198.51.100.1:80 of virtual server 192.0.2.1:80/TCP - DOWN", down!.Subject);
        Assert.Equal("=> CHECK failed on service : TCP connection refused <=", down.Body);
        Assert.Equal("[lb1] Realserver 198.51.100.1:80 of virtual server 192.0.2.1:80/TCP - UP", up!.Subject);
        Assert.Equal("=> CHECK succeed on service <=", up.Body);
    }

    [Fact]
    public void QuorumChange_AlertsOnlyWhenTheVirtualServerAsks()
    {
        Assert.Null(Policy().For(Quorum(false)));

        var lost = Policy(vs: "smtp_alert").For(Quorum(false));
        Assert.Equal("[lb1] Virtualserver 192.0.2.1:80/TCP - DOWN", lost!.Subject);
        Assert.Contains("Lost quorum", lost.Body);
        Assert.Contains("Gained quorum", Policy(global: "smtp_alert_checker").For(Quorum(true))!.Body);
    }

    [Fact]
    public void SmtpAlertSettings_RealServerOverCheckerDefaultOverGlobal()
    {
        Assert.Null(Policy(global: "smtp_alert off").For(Down(Rs1)));
        Assert.Null(Policy(global: "smtp_alert_checker off").For(Down(Rs1)));
        Assert.NotNull(Policy(global: "smtp_alert off\n  smtp_alert_checker on").For(Down(Rs1)));
        var mixed = Policy(global: "smtp_alert_checker off", rs1: "smtp_alert on");
        Assert.NotNull(mixed.For(Down(Rs1)));
        Assert.Null(mixed.For(Down(Rs2)));
        Assert.Null(Policy(rs1: "smtp_alert off").For(Down(Rs1)));
    }

    [Fact]
    public void NoMailSetUpOrCheckerMailsOff_NoAlert()
    {
        Assert.Null(Policy(header: "GLOBAL").For(Down(Rs1)));
        Assert.Null(Policy(header: "global_defs {\n  smtp_server 192.0.2.25\nGLOBAL\n}\n").For(Down(Rs1)));
        Assert.Null(Policy(global: "no_checker_emails").For(Down(Rs1)));
    }

    [Fact]
    public void EventsThatChangeNoAliveState_NoAlert()
    {
        var policy = Policy(vs: "smtp_alert");

        Assert.Null(policy.For(Down(Rs1) with { AliveChanged = false, Reason = "initial" }));
        Assert.Null(policy.For(new SorryServerStateChanged(Service, Now, Rs2, true, true, 1)));
    }

    [Fact]
    public void AlertChannel_Full_DropsTheOldestAndCountsThem()
    {
        var channel = new AlertChannel();
        for (var i = 0; i < AlertChannel.Capacity + 3; i++) channel.Publish(new AlertMessage(Now, $"alert {i}", ""));

        Assert.Equal(3, channel.Dropped);
        Assert.True(channel.Reader.TryRead(out var first));
        Assert.Equal("alert 3", first.Subject);
    }
}
