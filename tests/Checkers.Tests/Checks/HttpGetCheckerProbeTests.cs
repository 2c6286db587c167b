using System.Net;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;

namespace LvsDirector.Checkers.Tests.Checks;

/// <summary>
/// HTTP_GET's probe against a loopback server. With <see cref="TimeProvider.System"/> a plain one-URL check is the fetcher's
/// engine method with the check's verdict as its completion; with a test clock it goes through the stream path: both must
/// give the same results and messages.
/// </summary>
public class HttpGetCheckerProbeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static HttpGetChecker Checker(IPEndPoint target, TimeSpan connectTimeout, TimeProvider time, params string[] paths) =>
        new(new HttpGetCheckOptions { Urls = paths.Select(p => new HttpUrlOptions { Path = p }).ToEquatableList() },
            new CheckEndpoint(target), virtualHost: null, connectTimeout, time);

    public static TheoryData<bool> Clocks => new() { true, false };

    private static TimeProvider Clock(bool system) => system ? TimeProvider.System : new ManualTimeProvider();

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task ProbeAsync_SameCheckerEveryAttempt_EachAttemptJudgesItsOwnResponse(bool system)
    {
        using var server = new LoopbackHttpServer();
        var checker = Checker(server.EndPoint, TimeSpan.FromSeconds(5), Clock(system), "/health");
        var reasons = new List<string>();

        foreach (var code in new[] { 200, 500, 204, 404, 200, 302 })
        {
            server.Answer(LoopbackHttpServer.Status(code));
            var result = await checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
            reasons.Add(result.Reason);
        }

        var at = $"HTTP_GET {server.EndPoint}/health: ";
        Assert.Equal(["ok", at + "HTTP status code 500 not accepted", "ok", at + "HTTP status code 404 not accepted", "ok",
            at + "HTTP status code 302 not accepted"], reasons);
        Assert.All(server.Requests, r => Assert.StartsWith("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n", r));
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task ProbeAsync_MalformedHead_FailsWithTheSameMessageOnBothPaths(bool system)
    {
        using var server = new LoopbackHttpServer();
        server.Answer("SMTP ready\r\n\r\n");
        var checker = Checker(server.EndPoint, TimeSpan.FromSeconds(5), Clock(system), "/");

        var result = await checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.Equal($"HTTP_GET {server.EndPoint}/: malformed HTTP response head", result.Reason);
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task ProbeAsync_NothingListening_FailsConnectionRefused(bool system)
    {
        IPEndPoint closed;
        using (var server = new LoopbackHttpServer()) closed = server.EndPoint;
        var checker = Checker(closed, TimeSpan.FromSeconds(5), Clock(system), "/");

        var result = await checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.Equal($"HTTP_GET {closed}/: connection refused", result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_ServerNeverAnswers_FailsWithTheReadTimeoutAfterConnectTimeout()
    {
        using var server = new LoopbackHttpServer(); // no answer queued: connected, then silent
        var checker = Checker(server.EndPoint, TimeSpan.FromMilliseconds(200), TimeProvider.System, "/");

        var result = await checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.Equal($"HTTP_GET {server.EndPoint}/: read timeout after 0.2 s", result.Reason);
        Assert.InRange(result.Latency, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ProbeAsync_CancelledWhileWaitingForTheResponse_ThrowsOperationCanceledAndTheNextProbeWorks()
    {
        using var server = new LoopbackHttpServer();
        var checker = Checker(server.EndPoint, TimeSpan.FromSeconds(20), TimeProvider.System, "/");
        using var deadline = new CancellationTokenSource();

        var pending = checker.ProbeAsync(deadline.Token).AsTask();
        await WaitForAsync(() => server.Requests.Count == 1);
        deadline.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
        Assert.Equal(deadline.Token, error.CancellationToken);
        server.Answer(LoopbackHttpServer.Status(200));
        Assert.True((await checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience)).Success);
    }

    [Fact]
    public async Task ProbeAsync_TwoUrls_SecondJudgedAfterTheFirstPasses()
    {
        using var server = new LoopbackHttpServer();
        server.Answer(LoopbackHttpServer.Status(200));
        server.Answer(LoopbackHttpServer.Status(503));
        var checker = Checker(server.EndPoint, TimeSpan.FromSeconds(5), TimeProvider.System, "/a", "/b");

        var result = await checker.ProbeAsync(CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.Equal($"HTTP_GET {server.EndPoint}/b: HTTP status code 503 not accepted", result.Reason);
        Assert.Equal(2, server.Requests.Count);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
