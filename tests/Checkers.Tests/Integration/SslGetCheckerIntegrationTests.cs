using LvsDirector.Checkers.Configuration;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class SslGetCheckerIntegrationTests(NginxFixture nginx) : IClassFixture<NginxFixture>
{
    private HttpGetCheckOptions Ssl(params HttpUrlOptions[] urls) => new()
    {
        Tls = true,
        Urls = urls.ToEquatableList(),
        ConnectPort = nginx.HttpsPort,
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Probe_SelfSignedWithoutVerification_PassesAsKeepalived()
    {
        var result = await ProbeOnceAsync(Ssl(new HttpUrlOptions { Path = "/index.html", Digest = nginx.BodyDigest }) with { TlsCompliant = true });

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_EnableSniWithVirtualHost_ServerSeesTheName()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/sni", Regex = "^sni=test\\.example$" }) with { EnableSni = true, VirtualHost = NginxFixture.ServerName };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_NoSni_ServerSeesNoName()
    {
        var result = await ProbeOnceAsync(Ssl(new HttpUrlOptions { Path = "/sni", Regex = "^sni=$" }));

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_VerifyWithTheRightCaFile_PassesAndWarnsOfExpiry()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/index.html" }) with
        {
            VerifyCertificate = true,
            CaFile = nginx.CertificateFile,
            SniName = NginxFixture.ServerName,
            CertificateExpiryWarning = TimeSpan.FromDays(30),
        };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
        Assert.Contains("expires in", result.Warning);
    }

    [Fact]
    public async Task Probe_VerifyWithAnotherCa_FailsVerification()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/index.html" }) with { VerifyCertificate = true, CaFile = nginx.OtherCaFile };

        AssertFails(await ProbeOnceAsync(check), "certificate verification failed");
    }

    [Fact]
    public async Task Probe_VerifyAgainstSystemStore_SelfSignedFails()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/index.html" }) with { VerifyCertificate = true };

        Assert.False((await ProbeOnceAsync(check)).Success);
    }

    [Fact]
    public async Task Probe_WrongSniNameWithVerification_FailsNameMismatch()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/index.html" }) with { VerifyCertificate = true, CaFile = nginx.CertificateFile, SniName = "wrong.example" };

        AssertFails(await ProbeOnceAsync(check), "name");
    }

    [Fact]
    public async Task Probe_TlsToPlainHttpPort_FailsHandshake()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/" }) with { ConnectPort = nginx.HttpPort };

        Assert.False((await ProbeOnceAsync(check)).Success);
    }

    [Fact]
    public async Task Probe_NothingListening_FailsConnectionRefused()
    {
        var check = Ssl(new HttpUrlOptions { Path = "/" }) with { ConnectPort = Ports.FreeTcp() };

        AssertFails(await ProbeOnceAsync(check), "refused");
    }

    [Fact]
    public async Task Probe_WrongStatus_Fails()
    {
        AssertFails(await ProbeOnceAsync(Ssl(new HttpUrlOptions { Path = "/missing" })), "HTTP status code 404");
    }

    [Fact]
    public async Task Probe_WrongDigest_Fails()
    {
        var result = await ProbeOnceAsync(Ssl(new HttpUrlOptions { Path = "/index.html", Digest = new string('0', 32) }));

        AssertFails(result, "digest");
    }

    [Fact]
    public async Task Probe_BodyDrippedSlowly_FailsAtTheTotalDeadline()
    {
        // limit_rate 200 B/s on a 20 kB body over TLS: each read is in time, the whole would take 100 s.
        var check = Ssl(new HttpUrlOptions { Path = "/slow/big.bin" }) with { Deadline = TimeSpan.FromSeconds(2) };
        var started = DateTime.UtcNow;

        var result = await ProbeOnceAsync(check);

        AssertFails(result, "deadline");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public Task Probe_HealthPageFlaps_PassFailPass() =>
        nginx.AssertHealthPageFlapsAsync("flap-ssl.html", Ssl(new HttpUrlOptions { Path = "/flap-ssl.html", Digest = nginx.BodyDigest }));
}
