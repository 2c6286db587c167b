using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Codecs;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Scripts;

namespace LvsDirector.Checkers.Tests.Checks;

public class CheckInterpretationTests
{
    [Theory]
    [InlineData(0, false, true, null)]
    [InlineData(1, false, false, null)]
    [InlineData(7, false, false, null)]
    [InlineData(1, true, false, null)]
    [InlineData(2, true, true, 0)]
    [InlineData(255, true, true, 253)]
    public void MiscChecker_Interpret_ExitCodes(int code, bool dynamic, bool success, int? weight)
    {
        var result = MiscChecker.Interpret(new ScriptResult(code, false, null, TimeSpan.Zero), dynamic, "/x");

        Assert.Equal(success, result.Success);
        Assert.Equal(weight, result.DynamicWeight);
    }

    [Fact]
    public void MiscChecker_Interpret_TimeoutAndStartError_Fail()
    {
        Assert.Contains("timed out", MiscChecker.Interpret(new ScriptResult(null, true, null, TimeSpan.FromSeconds(3)), false, "/x").Reason);
        Assert.False(MiscChecker.Interpret(new ScriptResult(null, false, "cannot start", TimeSpan.Zero), true, "/x").Success);
    }

    [Theory]
    [InlineData(0, 1, false, false, true, null)]
    [InlineData(5, 1, false, false, true, null)]
    [InlineData(-1, 1, false, false, false, null)]
    [InlineData(3, 1, true, false, false, null)]
    [InlineData(3, 0, false, false, false, null)]
    [InlineData(0, 0, false, false, true, null)]
    [InlineData(0, 0, true, false, false, null)]
    [InlineData(4, -2, false, true, true, -8L)]
    [InlineData(4, 2, true, true, true, -8L)]
    public void FileChecker_Interpret_ValueWeightReverseDynamic(long value, int weight, bool reverse, bool dynamic, bool success, long? delta)
    {
        var options = new FileCheckOptions { Path = "/f", Weight = weight, Reverse = reverse, Dynamic = dynamic };

        var result = FileChecker.Interpret(value, options, TimeSpan.Zero);

        Assert.Equal(success, result.Success);
        Assert.Equal(delta, result.WeightDelta);
    }

    [Fact]
    public async Task FileChecker_ProbeAsync_ReadsFileAndMissingIsZero()
    {
        var path = Path.Combine(Path.GetTempPath(), "lvsc-file-" + Guid.NewGuid().ToString("N"));
        var checker = new FileChecker(new FileCheckOptions { Path = path, Weight = 0 }, TimeProvider.System);
        try
        {
            Assert.True((await checker.ProbeAsync(CancellationToken.None)).Success);
            await File.WriteAllTextAsync(path, "1\n");
            Assert.False((await checker.ProbeAsync(CancellationToken.None)).Success);
            await File.WriteAllTextAsync(path, "garbage");
            Assert.Contains("not an integer", (await checker.ProbeAsync(CancellationToken.None)).Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UdpChecker_Evaluate_LengthsAndPattern()
    {
        ReplyPattern.TryParse("01XX", out var pattern);
        var options = new UdpCheckOptions { RequireReply = true, MinReplyLength = 2, MaxReplyLength = 4, ReplyPattern = pattern };

        Assert.Null(UdpChecker.Evaluate([0x01, 0x77, 0x00], options));
        Assert.Contains("shorter", UdpChecker.Evaluate([0x01], options));
        Assert.Contains("longer", UdpChecker.Evaluate([0x01, 0, 0, 0, 0], options));
        Assert.Contains("match", UdpChecker.Evaluate([0x02, 0x77], options));
    }

    [Fact]
    public void DnsChecker_Evaluate_GoldenReplyAndMismatches()
    {
        var reply = Convert.FromHexString("123481800001000100000000076578616d706c6503636f6d0000010001c00c0001000100000e100004c0000201");

        Assert.Null(DnsChecker.Evaluate(reply, 0x1234, "example.com.", DnsQueryType.A));
        Assert.Contains("id", DnsChecker.Evaluate(reply, 0x1235, "example.com", DnsQueryType.A));
        Assert.Contains("question", DnsChecker.Evaluate(reply, 0x1234, "example.org", DnsQueryType.A));
        var nxdomain = (byte[])reply.Clone();
        nxdomain[3] = 0x83;
        Assert.Contains("RCODE 3", DnsChecker.Evaluate(nxdomain, 0x1234, "example.com", DnsQueryType.A));
        Assert.Equal("malformed reply", DnsChecker.Evaluate(reply[..20], 0x1234, "example.com", DnsQueryType.A));
        var noData = reply[..29];
        noData[7] = 0; // ANCOUNT 0, NOERROR
        Assert.Equal("no answer", DnsChecker.Evaluate(noData, 0x1234, "example.com", DnsQueryType.A));
        var query = (byte[])noData.Clone();
        query[2] = 0x01; // QR clear
        Assert.Equal("not a response", DnsChecker.Evaluate(query, 0x1234, "example.com", DnsQueryType.A));
    }

    [Fact]
    public void HttpFetcher_BuildRequest_KeepalivedShape()
    {
        var endpoint = new CheckEndpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.1"), 8080));

        var http10 = HttpFetcher.BuildRequest(new HttpFetchRequest(endpoint, "/health", null, HttpProtocolVersion.Http10, TimeSpan.FromSeconds(1)));
        var http11 = HttpFetcher.BuildRequest(new HttpFetchRequest(endpoint with { Target = new(System.Net.IPAddress.Parse("192.0.2.1"), 80) }, "/", "www.example.com", HttpProtocolVersion.Http11, TimeSpan.FromSeconds(1)));

        Assert.Equal("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 192.0.2.1:8080\r\n\r\n", http10);
        Assert.Equal("GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nHost: www.example.com\r\nConnection: close\r\n\r\n", http11);
    }
}
