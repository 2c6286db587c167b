using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Codecs;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Checks;

public class HttpGetCheckerEvaluateTests
{
    private static HttpFetchResponse Response(int status, string body) =>
        new(new HttpResponseHead("HTTP/1.0", status, "", null, false), "", Encoding.ASCII.GetBytes(body), null);

    private static readonly string HelloDigest = Convert.ToHexStringLower(MD5.HashData("hello"u8));

    [Theory]
    [InlineData(200, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    [InlineData(500, false)]
    public void Evaluate_DefaultStatusCodes_2xxOnly(int status, bool passes)
    {
        Assert.Equal(passes, HttpGetChecker.Evaluate(new HttpUrlOptions { Path = "/" }, null, Response(status, "")) is null);
    }

    [Fact]
    public void Evaluate_StatusListAndRange_Accepted()
    {
        var url = new HttpUrlOptions { Path = "/", StatusCodes = [StatusCodeRange.Single(301), new(500, 503)] };

        Assert.Null(HttpGetChecker.Evaluate(url, null, Response(301, "")));
        Assert.Null(HttpGetChecker.Evaluate(url, null, Response(502, "")));
        Assert.NotNull(HttpGetChecker.Evaluate(url, null, Response(200, "")));
    }

    [Fact]
    public void Evaluate_Digest_MatchCaseInsensitiveMismatchFails()
    {
        Assert.Null(HttpGetChecker.Evaluate(new HttpUrlOptions { Path = "/", Digest = HelloDigest.ToUpperInvariant() }, null, Response(200, "hello")));
        Assert.Contains("MD5 digest mismatch", HttpGetChecker.Evaluate(new HttpUrlOptions { Path = "/", Digest = HelloDigest }, null, Response(200, "hellO")));
    }

    [Theory]
    [InlineData("wor.d", false, true)]
    [InlineData("nothere", false, false)]
    [InlineData("nothere", true, true)]
    [InlineData("world", true, false)]
    public void Evaluate_RegexAndNoMatch(string pattern, bool noMatch, bool passes)
    {
        var url = new HttpUrlOptions { Path = "/", Regex = pattern, RegexNoMatch = noMatch };

        Assert.Equal(passes, HttpGetChecker.Evaluate(url, new Regex(pattern), Response(200, "hello world")) is null);
    }

    [Theory]
    [InlineData(5, 7, true)]   // "hello world": 'o' at 4 and 7; the first at or after 5 is at 7
    [InlineData(5, 6, false)]
    [InlineData(0, 4, true)]
    [InlineData(8, null, false)]
    public void Evaluate_RegexOffsets_MatchMustStartInWindow(int min, int? max, bool passes)
    {
        var url = new HttpUrlOptions { Path = "/", Regex = "o", RegexMinOffset = min, RegexMaxOffset = max };

        Assert.Equal(passes, HttpGetChecker.Evaluate(url, new Regex("o"), Response(200, "hello world")) is null);
    }
}
