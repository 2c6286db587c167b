using LvsDirector.Checkers.Configuration;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>SSL_GET presenting keepalived's global <c>SSL { certificate key password }</c> to an nginx with <c>ssl_verify_client on</c>.</summary>
[Trait("Category", "Integration")]
public class SslGetClientCertificateIntegrationTests(MutualTlsNginxFixture nginx) : IClassFixture<MutualTlsNginxFixture>
{
    private HttpGetCheckOptions Check() => new()
    {
        Tls = true,
        Urls = [new HttpUrlOptions { Path = "/dn", Regex = $"^dn=CN={MutualTlsNginxFixture.ClientName}$" }],
        ConnectPort = nginx.Port,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Probe_NoClientCertificate_ServerRefusesWith400()
    {
        AssertFails(await ProbeOnceAsync(Check()), "400");
    }

    [Fact]
    public async Task Probe_ClientCertificateAndKey_PassesAndServerSeesTheClient()
    {
        var check = Check() with { ClientCertificateFile = nginx.ClientCertificateFile, ClientKeyFile = nginx.ClientKeyFile };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_EncryptedKeyWithPassword_Passes()
    {
        var check = Check() with
        {
            ClientCertificateFile = nginx.ClientCertificateFile,
            ClientKeyFile = nginx.EncryptedClientKeyFile,
            ClientKeyPassword = MutualTlsNginxFixture.Password,
        };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_EncryptedKeyWrongPassword_FailsNamingTheCertificate()
    {
        var check = Check() with
        {
            ClientCertificateFile = nginx.ClientCertificateFile,
            ClientKeyFile = nginx.EncryptedClientKeyFile,
            ClientKeyPassword = "wrong",
        };

        AssertFails(await ProbeOnceAsync(check), "cannot load the SSL client certificate " + nginx.ClientCertificateFile);
    }

    [Fact]
    public async Task Probe_CertificateFileMissing_FailsNamingTheFile()
    {
        var check = Check() with { ClientCertificateFile = nginx.ClientCertificateFile + ".missing", ClientKeyFile = nginx.ClientKeyFile };

        AssertFails(await ProbeOnceAsync(check), ".missing");
    }

    [Fact]
    public async Task Probe_CertificateFromAnotherCa_ServerRefusesWith400()
    {
        var check = Check() with { ClientCertificateFile = nginx.ForeignCertificateFile, ClientKeyFile = nginx.ForeignKeyFile };

        AssertFails(await ProbeOnceAsync(check), "400");
    }
}
