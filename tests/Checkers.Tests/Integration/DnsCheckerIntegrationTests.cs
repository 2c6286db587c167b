using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class DnsCheckerIntegrationTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("lvsc-dnsmasq");
    private int _port;
    private ServerProcess? _dnsmasq;

    private ServerProcess StartDnsmasq(int port) => ServerProcess.Start(Prerequisites.RequireCommand("dnsmasq", "dnsmasq-base"),
        "--no-daemon", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces",
        "-C", "/dev/null", $"--pid-file={_dir.File("dnsmasq.pid")}", "--no-resolv", "--no-hosts", "--user=root",
        "--address=/test.example/192.0.2.10", "--txt-record=txt.example,hello");

    public async Task InitializeAsync()
    {
        // dnsmasq binds UDP and TCP; should another process take the port first, it exits (2) and gets another one.
        for (var attempt = 1; ; attempt++)
        {
            _port = Ports.FreeUdp();
            _dnsmasq = StartDnsmasq(_port);
            try
            {
                await _dnsmasq.WaitForUdpAsync(_port, "dnsmasq");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await _dnsmasq.DisposeAsync();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_dnsmasq is not null) await _dnsmasq.DisposeAsync();
        _dir.Dispose();
    }

    private DnsCheckOptions Dns(DnsQueryType type, string name) => new() { ConnectPort = _port, Type = type, Name = name, ConnectTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Probe_DnsmasqKnowsTheName_Passes()
    {
        var result = await ProbeOnceAsync(Dns(DnsQueryType.A, "test.example"));

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_UnknownNameRefused_FailsWithRcode()
    {
        AssertFails(await ProbeOnceAsync(Dns(DnsQueryType.A, "unknown.invalid")), "RCODE");
    }

    [Fact]
    public async Task Probe_TxtRecord_Passes()
    {
        var result = await ProbeOnceAsync(Dns(DnsQueryType.TXT, "txt.example"));

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_NoRecordOfThatTypeRefusedByDnsmasq_FailsWithRcode5()
    {
        AssertFails(await ProbeOnceAsync(Dns(DnsQueryType.AAAA, "test.example")), "RCODE 5");
    }

    [Fact]
    public async Task Probe_NoServer_FailsRefused()
    {
        AssertFails(await ProbeOnceAsync(Dns(DnsQueryType.A, "test.example") with { ConnectPort = Ports.FreeUdp() }), "refused");
    }

    [Fact]
    public async Task Probe_SilentServer_FailsAtReplyTimeout()
    {
        var socat = Prerequisites.RequireCommand("socat", "socat");
        var port = Ports.FreeUdp();
        await using var silent = ServerProcess.Start(socat, $"UDP4-RECVFROM:{port},bind=127.0.0.1,fork", "SYSTEM:sleep 5");
        await silent.WaitForUdpAsync(port, "socat");

        AssertFails(await ProbeOnceAsync(Dns(DnsQueryType.A, "test.example") with { ConnectPort = port, Deadline = GenerousDeadline }), "timeout");
    }

    [Fact]
    public async Task Probe_ServerFlaps_PassFailPass()
    {
        var check = Dns(DnsQueryType.A, "test.example");
        var up = await ProbeOnceAsync(check);
        await _dnsmasq!.DisposeAsync();
        var down = await ProbeOnceAsync(check);
        _dnsmasq = StartDnsmasq(_port);
        await _dnsmasq.WaitForUdpAsync(_port, "dnsmasq");
        var back = await ProbeOnceAsync(check);

        Assert.True(up.Success, up.Reason);
        Assert.False(down.Success, "no server: expected a failure, got " + down.Reason);
        Assert.True(back.Success, back.Reason);
    }
}
