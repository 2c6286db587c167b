using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class UdpCheckerIntegrationTests
{
    private static UdpCheckOptions Udp(int port) => new() { ConnectPort = port, ConnectTimeout = TimeSpan.FromSeconds(3), Payload = "ping"u8.ToArray().ToEquatableList() };

    private static async Task<(ServerProcess, int)> StartAsync(string command)
    {
        var socat = Prerequisites.RequireCommand("socat", "socat");
        var port = Ports.FreeUdp();
        var server = ServerProcess.Start(socat, $"UDP4-RECVFROM:{port},bind=127.0.0.1,fork", "SYSTEM:" + command);
        await server.WaitForUdpAsync(port, "socat");
        return (server, port);
    }

    private static ReplyPattern Pattern(string hex)
    {
        Assert.True(ReplyPattern.TryParse(hex, out var pattern));
        return pattern!;
    }

    [Fact]
    public async Task Probe_ReplyMatchingPatternAndLengths_Passes()
    {
        var (server, port) = await StartAsync("head -c 4 >/dev/null; printf pong");
        await using var _ = server;

        var result = await ProbeOnceAsync(Udp(port) with { RequireReply = true, ReplyPattern = Pattern("706fXX67"), MinReplyLength = 4, MaxReplyLength = 4 });

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_ReplyNotMatchingPattern_Fails()
    {
        var (server, port) = await StartAsync("head -c 4 >/dev/null; printf pong");
        await using var _ = server;

        AssertFails(await ProbeOnceAsync(Udp(port) with { RequireReply = true, ReplyPattern = Pattern("01") }), "require_reply");
    }

    [Fact]
    public async Task Probe_ReplyTooLong_Fails()
    {
        var (server, port) = await StartAsync("head -c 4 >/dev/null; printf pong");
        await using var _ = server;

        AssertFails(await ProbeOnceAsync(Udp(port) with { RequireReply = true, MaxReplyLength = 2 }), "longer");
    }

    [Fact]
    public async Task Probe_SilentServer_PassesWithoutRequireReplyFailsWithIt()
    {
        var (server, port) = await StartAsync("sleep 5");
        await using var _ = server;

        Assert.True((await ProbeOnceAsync(Udp(port))).Success);
        AssertFails(await ProbeOnceAsync(Udp(port) with { RequireReply = true, Deadline = GenerousDeadline }), "timeout");
    }

    [Fact]
    public async Task Probe_NothingListening_FailsPortUnreachable()
    {
        AssertFails(await ProbeOnceAsync(Udp(Ports.FreeUdp())), "port unreachable");
    }

    [Fact]
    public async Task Probe_ServerFlaps_PassFailPass()
    {
        var socat = Prerequisites.RequireCommand("socat", "socat");
        var (server, port) = await StartAsync("head -c 4 >/dev/null; printf pong");
        var check = Udp(port) with { RequireReply = true, ConnectTimeout = TimeSpan.FromSeconds(1) };
        var up = await ProbeOnceAsync(check);
        await server.DisposeAsync();
        var down = await ProbeOnceAsync(check);
        await using var again = ServerProcess.Start(socat, $"UDP4-RECVFROM:{port},bind=127.0.0.1,fork", "SYSTEM:head -c 4 >/dev/null; printf pong");
        await again.WaitForUdpAsync(port, "socat");
        var back = await ProbeOnceAsync(check);

        Assert.True(up.Success, up.Reason);
        Assert.False(down.Success, "no server: expected a failure, got " + down.Reason);
        Assert.True(back.Success, back.Reason);
    }
}
