using System.Net;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Configuration;

public class OptionsEqualityTests
{
    private static HttpGetCheckOptions Http() => new()
    {
        Urls = [new HttpUrlOptions { Path = "/a", StatusCodes = [new(200, 204)], Digest = "0123456789abcdef0123456789abcdef" }],
        VirtualHost = "www.example.com",
    };

    [Fact]
    public void Equals_IndependentlyBuiltOptionsWithLists_AreEqual()
    {
        var a = new CheckerOptions { Services = [CheckerOptionsValidatorTests.Service("s", CheckerOptionsValidatorTests.Rs("192.0.2.1", 80, Http()))] };
        var b = new CheckerOptions { Services = [CheckerOptionsValidatorTests.Service("s", CheckerOptionsValidatorTests.Rs("192.0.2.1", 80, Http()))] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    public static TheoryData<string> ChangedProperties => new()
    {
        "ConnectIp", "ConnectPort", "BindTo", "BindInterface", "BindPort", "FirewallMark", "ConnectTimeout", "Retry",
        "DelayBeforeRetry", "Warmup", "DelayLoop", "Alpha", "LogAllFailures", "Deadline", "Tls", "Urls", "VirtualHost",
        "Protocol", "EnableSni", "SniName", "FastRecovery", "TlsCompliant", "VerifyCertificate", "CaFile", "CertificateExpiryWarning",
        "ClientCertificateFile", "ClientKeyFile", "ClientKeyPassword",
    };

    [Theory]
    [MemberData(nameof(ChangedProperties))]
    public void Equals_OnePropertyChanged_NotEqual(string property)
    {
        var original = Http();
        var changed = property switch
        {
            "ConnectIp" => original with { ConnectIp = IPAddress.Loopback },
            "ConnectPort" => original with { ConnectPort = 81 },
            "BindTo" => original with { BindTo = IPAddress.Loopback },
            "BindInterface" => original with { BindInterface = "lo" },
            "BindPort" => original with { BindPort = 1000 },
            "FirewallMark" => original with { FirewallMark = 5 },
            "ConnectTimeout" => original with { ConnectTimeout = TimeSpan.FromSeconds(1) },
            "Retry" => original with { Retry = 4 },
            "DelayBeforeRetry" => original with { DelayBeforeRetry = TimeSpan.FromSeconds(1) },
            "Warmup" => original with { Warmup = TimeSpan.FromSeconds(1) },
            "DelayLoop" => original with { DelayLoop = TimeSpan.FromSeconds(1) },
            "Alpha" => original with { Alpha = true },
            "LogAllFailures" => original with { LogAllFailures = true },
            "Deadline" => original with { Deadline = TimeSpan.FromSeconds(1) },
            "Tls" => original with { Tls = true },
            "Urls" => original with { Urls = [new HttpUrlOptions { Path = "/a", StatusCodes = [new(200, 205)], Digest = "0123456789abcdef0123456789abcdef" }] },
            "VirtualHost" => original with { VirtualHost = "other" },
            "Protocol" => original with { Protocol = HttpProtocolVersion.Http11 },
            "EnableSni" => original with { EnableSni = true },
            "SniName" => original with { SniName = "x" },
            "FastRecovery" => original with { FastRecovery = true },
            "TlsCompliant" => original with { TlsCompliant = true },
            "VerifyCertificate" => original with { VerifyCertificate = true },
            "CaFile" => original with { CaFile = "/ca" },
            "CertificateExpiryWarning" => original with { CertificateExpiryWarning = TimeSpan.FromDays(1) },
            "ClientCertificateFile" => original with { ClientCertificateFile = "/client.pem" },
            "ClientKeyFile" => original with { ClientKeyFile = "/client.key" },
            "ClientKeyPassword" => original with { ClientKeyPassword = "secret" },
            _ => throw new ArgumentOutOfRangeException(nameof(property)),
        };

        Assert.NotEqual<CheckOptions>(original, changed);
    }

    [Fact]
    public void Equals_SameFieldsDifferentCheckKinds_NotEqual()
    {
        Assert.NotEqual<CheckOptions>(new TcpCheckOptions(), new PingCheckOptions());
    }
}
