using System.Net;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Configuration;

public class CheckerOptionsValidatorTests
{
    internal static CheckedServiceOptions Service(string name = "vs1", params RealServerOptions[] realServers) =>
        new() { Name = name, RealServers = realServers.ToEquatableList() };

    internal static RealServerOptions Rs(string address, int port, params CheckOptions[] checks) =>
        new() { Address = IPAddress.Parse(address), Port = port, Checks = checks.ToEquatableList() };

    [Fact]
    public void Validate_CompleteValidConfiguration_NoErrors()
    {
        var options = new CheckerOptions
        {
            Services =
            [
                Service("web", Rs("192.0.2.1", 80,
                    new HttpGetCheckOptions { Urls = [new HttpUrlOptions { Path = "/", Digest = "0123456789abcdef0123456789abcdef", StatusCodes = [new(200, 299)] }] },
                    new TcpCheckOptions { ConnectTimeout = TimeSpan.FromSeconds(2) },
                    new DnsCheckOptions { Type = DnsQueryType.A, Name = "example.com" },
                    new UdpCheckOptions { RequireReply = true, MinReplyLength = 1 },
                    new PingCheckOptions(),
                    new SmtpCheckOptions { HeloName = "lb" },
                    new MiscCheckOptions { Command = ["/bin/true"] },
                    new FileCheckOptions { Path = "/tmp/x" })) with
                {
                    Quorum = 2,
                    Hysteresis = 1,
                    SorryServer = new SorryServerOptions { Address = IPAddress.Parse("192.0.2.99"), Port = 80 },
                },
            ],
        };

        Assert.Empty(CheckerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryErrorWithItsPath()
    {
        var options = new CheckerOptions
        {
            Services =
            [
                Service("web", Rs("192.0.2.1", 80,
                    new HttpGetCheckOptions
                    {
                        Urls = [new HttpUrlOptions { Path = "/", Digest = "xyz", StatusCodes = [new(600, 700)], Regex = "(" }],
                        EnableSni = true,
                    },
                    new TcpCheckOptions { Retry = -1, DelayLoop = TimeSpan.Zero }),
                    Rs("192.0.2.1", 80)) with { Quorum = 1, Hysteresis = 1 },
                Service("web"),
            ],
        };

        var errors = CheckerOptionsValidator.Validate(options).Select(e => e.Path).ToList();

        Assert.Contains("services[web].real_servers[192.0.2.1:80].checks[0].url[0].digest", errors);
        Assert.Contains("services[web].real_servers[192.0.2.1:80].checks[0].url[0].status_code", errors);
        Assert.Contains("services[web].real_servers[192.0.2.1:80].checks[0].url[0].regex", errors);
        Assert.Contains("services[web].real_servers[192.0.2.1:80].checks[0].enable_sni", errors);
        Assert.Contains("services[web].real_servers[192.0.2.1:80].checks[1].retry", errors);
        Assert.Contains("services[web].real_servers[192.0.2.1:80].checks[1].delay_loop", errors);
        Assert.Contains("services[web].real_servers[192.0.2.1:80]", errors);
        Assert.Contains("services[web].hysteresis", errors);
        Assert.Contains("services[web]", errors);
    }

    [Fact]
    public void Validate_TcpCheckWithoutAnyPort_Error()
    {
        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("fw", Rs("192.0.2.1", 0, new TcpCheckOptions()))] });

        Assert.Contains(errors, e => e.Path.EndsWith(".connect_port", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BindtoOfOtherFamily_Error()
    {
        var check = new TcpCheckOptions { BindTo = IPAddress.Parse("2001:db8::1") };

        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("v", Rs("192.0.2.1", 80, check))] });

        Assert.Contains(errors, e => e.Path.EndsWith(".bindto", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MiscWithoutProgramAndBadDnsName_Errors()
    {
        var errors = CheckerOptionsValidator.Validate(new CheckerOptions
        {
            Services = [Service("v", Rs("192.0.2.1", 80, new MiscCheckOptions(), new DnsCheckOptions { Name = "a..b" }))],
        });

        Assert.Contains(errors, e => e.Path.EndsWith("checks[0].misc_path", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path.EndsWith("checks[1].name", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CertificateOptionsOnPlainHttp_Error()
    {
        var check = new HttpGetCheckOptions { Urls = [new HttpUrlOptions { Path = "/" }], VerifyCertificate = true, CaFile = "/ca.pem" };

        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("v", Rs("192.0.2.1", 80, check))] });

        Assert.Contains(errors, e => e.Path.EndsWith(".verify_certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ClientCertificateOnPlainHttp_Error()
    {
        var check = new HttpGetCheckOptions { Urls = [new HttpUrlOptions { Path = "/" }], ClientCertificateFile = "/client.pem" };

        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("v", Rs("192.0.2.1", 80, check))] });

        Assert.Contains(errors, e => e.Path.EndsWith(".SSL.certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ClientKeyWithoutCertificate_Error()
    {
        var check = new HttpGetCheckOptions { Tls = true, Urls = [new HttpUrlOptions { Path = "/" }], ClientKeyFile = "/client.key", ClientKeyPassword = "x" };

        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("v", Rs("192.0.2.1", 443, check))] });

        Assert.Contains(errors, e => e.Path.EndsWith(".SSL.key", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SslGetWithClientCertificateKeyAndPassword_NoErrors()
    {
        var check = new HttpGetCheckOptions
        {
            Tls = true,
            Urls = [new HttpUrlOptions { Path = "/" }],
            ClientCertificateFile = "/client.pem",
            ClientKeyFile = "/client.key",
            ClientKeyPassword = "x",
        };

        Assert.Empty(CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("v", Rs("192.0.2.1", 443, check))] }));
    }

    [Fact]
    public void Validate_UdpLengthsInverted_Error()
    {
        var check = new UdpCheckOptions { RequireReply = true, MinReplyLength = 10, MaxReplyLength = 5 };

        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [Service("v", Rs("192.0.2.1", 53, check))] });

        Assert.Contains(errors, e => e.Path.EndsWith(".max_reply_length", StringComparison.Ordinal));
    }
}
