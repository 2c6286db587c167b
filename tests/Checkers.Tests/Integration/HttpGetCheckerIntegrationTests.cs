using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class HttpGetCheckerIntegrationTests(NginxFixture nginx) : IClassFixture<NginxFixture>
{
    private HttpGetCheckOptions Http(params HttpUrlOptions[] urls) => new()
    {
        Urls = urls.ToEquatableList(),
        ConnectPort = nginx.HttpPort,
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };

    [Theory]
    [InlineData(HttpProtocolVersion.Http10)]
    [InlineData(HttpProtocolVersion.Http10Close)]
    [InlineData(HttpProtocolVersion.Http11)]
    public async Task Probe_NginxUpDigestAndRegexMatch_Passes(HttpProtocolVersion protocol)
    {
        var check = Http(new HttpUrlOptions { Path = "/index.html", Digest = nginx.BodyDigest, Regex = "from ngin[x]" }) with { Protocol = protocol };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fetch_KeepContent_BodyAndRawHeadCopiedOnlyWhenAsked(bool keepContent)
    {
        var endpoint = new CheckEndpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, nginx.HttpPort));
        var request = new HttpFetchRequest(endpoint, "/index.html", null, HttpProtocolVersion.Http10, TimeSpan.FromSeconds(2), KeepContent: keepContent);

        var response = await new HttpFetcher(TimeProvider.System).FetchAsync(request, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, response.Head.StatusCode);
        if (keepContent)
        {
            Assert.Equal(nginx.BodyDigest, Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(response.Body)));
            Assert.StartsWith("HTTP/1.1 200", response.RawHead);
        }
        else
        {
            Assert.Empty(response.Body);
            Assert.Equal("", response.RawHead);
        }
    }

    [Fact]
    public async Task Probe_TwoUrlsSecondWrongStatus_Fails()
    {
        var result = await ProbeOnceAsync(Http(new HttpUrlOptions { Path = "/index.html" }, new HttpUrlOptions { Path = "/missing" }));

        AssertFails(result, "HTTP status code 404");
    }

    [Fact]
    public async Task Probe_Status500AcceptedByStatusCodeList_Passes()
    {
        var result = await ProbeOnceAsync(Http(new HttpUrlOptions { Path = "/status500", StatusCodes = [new(500, 503)] }));

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_WrongDigest_Fails()
    {
        var result = await ProbeOnceAsync(Http(new HttpUrlOptions { Path = "/index.html", Digest = new string('0', 32) }));

        AssertFails(result, "MD5 digest mismatch");
    }

    [Fact]
    public async Task Probe_RegexNoMatchOnMatchingBody_Fails()
    {
        var result = await ProbeOnceAsync(Http(new HttpUrlOptions { Path = "/index.html", Regex = "nginx", RegexNoMatch = true }));

        AssertFails(result, "regex_no_match");
    }

    [Fact]
    public async Task Probe_VirtualHost_SentAsHostHeaderWithPort()
    {
        var check = Http(new HttpUrlOptions { Path = "/host", Regex = $"^host=www\\.example\\.com:{nginx.HttpPort}$" }) with { VirtualHost = "www.example.com" };

        var result = await ProbeOnceAsync(check);

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_NothingListening_FailsConnectionRefused()
    {
        var check = Http(new HttpUrlOptions { Path = "/" }) with { ConnectPort = Ports.FreeTcp() };

        AssertFails(await ProbeOnceAsync(check), "refused");
    }

    [Fact]
    public async Task Probe_BodyDrippedSlowly_FailsAtTheTotalDeadline()
    {
        // limit_rate 200 B/s on a 20 kB body: each read succeeds well within connect_timeout, the whole would take 100 s.
        var check = Http(new HttpUrlOptions { Path = "/slow/big.bin" }) with { Deadline = TimeSpan.FromSeconds(2) };
        var started = DateTime.UtcNow;

        var result = await ProbeOnceAsync(check);

        AssertFails(result, "deadline");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Probe_PlainHttpToTlsPort_FailsMalformed()
    {
        var check = Http(new HttpUrlOptions { Path = "/" }) with { ConnectPort = nginx.HttpsPort };

        var result = await ProbeOnceAsync(check);

        Assert.False(result.Success);
    }

    [Fact]
    public Task Probe_HealthPageFlaps_PassFailPass() =>
        nginx.AssertHealthPageFlapsAsync("flap-http.html", Http(new HttpUrlOptions { Path = "/flap-http.html", Digest = nginx.BodyDigest }));
}
