using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.GenHash;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class GenHashIntegrationTests(NginxFixture nginx) : IClassFixture<NginxFixture>
{
    [Fact]
    public async Task RunAsync_Http_PrintsTheDigestTheCheckerExpects()
    {
        var output = new StringWriter();

        var code = await GenHashRunner.RunAsync(new GenHashOptions { Server = IPAddress.Loopback, Port = nginx.HttpPort, Url = "/index.html" }, output, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal($"MD5SUM = {nginx.BodyDigest}{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task RunAsync_SslVerboseHttp11_PrintsHeadersBodyAndDigest()
    {
        var output = new StringWriter();

        var code = await GenHashRunner.RunAsync(new GenHashOptions
        {
            Server = IPAddress.Loopback, Port = nginx.HttpsPort, Url = "/index.html", Ssl = true, Verbose = true,
            Protocol = HttpProtocolVersion.Http11, VirtualHost = NginxFixture.ServerName, Sni = true,
        }, output, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("HTTP/1.1 200 OK", text);
        Assert.Contains("Host: test.example:" + nginx.HttpsPort, text);
        Assert.Contains("68 65 6c 6c 6f", text); // "hello" in the hex dump
        Assert.EndsWith($"MD5SUM = {nginx.BodyDigest}{Environment.NewLine}", text);
    }

    [Fact]
    public async Task RunAsync_NothingListening_ExitCodeOneWithReason()
    {
        var output = new StringWriter();

        var code = await GenHashRunner.RunAsync(new GenHashOptions { Server = IPAddress.Loopback, Port = Ports.FreeTcp() }, output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("refused", output.ToString());
    }
}
