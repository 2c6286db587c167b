using System.Diagnostics;
using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;
using LvsDirector.TestSupport;
using Xunit.Abstractions;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>The whole library on real time against real servers: detection, sorry server, notify scripts, isolation of slow servers.</summary>
[Trait("Category", "Integration")]
[Collection("Timing")]
public sealed class CheckerServiceIntegrationTests(NginxFixture nginx, ITestOutputHelper output) : IClassFixture<NginxFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("lvsc-service");

    public void Dispose() => _dir.Dispose();

    /// <summary>Every event up to and including the first <typeparamref name="T"/> matching; fails after <paramref name="within"/>.</summary>
    private static async Task<List<CheckerEvent>> UntilAsync<T>(CheckerService service, Func<T, bool> match, TimeSpan within) where T : CheckerEvent
    {
        using var cts = new CancellationTokenSource(within);
        var events = new List<CheckerEvent>();
        while (true)
        {
            var e = await service.Events.ReadAsync(cts.Token);
            events.Add(e);
            if (e is T t && match(t)) return events;
        }
    }

    private static async Task<T> NextAsync<T>(CheckerService service, Func<T, bool> match, TimeSpan within) where T : CheckerEvent
    {
        using var cts = new CancellationTokenSource(within);
        while (true)
        {
            var e = await service.Events.ReadAsync(cts.Token);
            if (e is T t && match(t)) return t;
        }
    }

    [Fact]
    public async Task RealServerKilled_LeavesTableWithinTheBoundSorryServerAnswersAndBothComeBack()
    {
        var socat = Prerequisites.RequireCommand("socat", "socat");
        var port = Ports.FreeTcp();
        var log = _dir.File("notify.log");
        var notify = _dir.Script("notify.sh", $"echo \"$1\" >> {log}");
        var check = new TcpCheckOptions { DelayLoop = TimeSpan.FromSeconds(1), Warmup = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(1), Retry = 1, DelayBeforeRetry = TimeSpan.FromMilliseconds(500) };
        var rs = new RealServerOptions { Address = IPAddress.Loopback, Port = port, Checks = [check], NotifyUp = [notify, "up"], NotifyDown = [notify, "down"] };
        var options = new CheckerOptions
        {
            Services = [new CheckedServiceOptions { Name = "web", RealServers = [rs], SorryServer = new SorryServerOptions { Address = IPAddress.Parse("127.0.0.9"), Port = port } }],
        };
        // The bound an operator computes from keepalived's documentation, delay_loop + retry × (connect_timeout +
        // delay_before_retry): 2.5 s. A stopped server refuses at once, so its probes fail well inside it.
        var bound = check.DelayLoop.Value + check.Retry.Value * (check.ConnectTimeout.Value + check.DelayBeforeRetry.Value);

        var server = ServerProcess.Start(socat, $"TCP4-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:true");
        await server.WaitForTcpAsync(port, "socat");
        await using var service = new CheckerService(TimeProvider.System);
        await service.ApplyAsync(options, CancellationToken.None);
        Assert.True((await NextAsync<RealServerStateChanged>(service, _ => true, TimeSpan.FromSeconds(5))).InTable);
        await Task.Delay(1500); // let a probe or two pass

        await server.DisposeAsync();
        var killed = Stopwatch.StartNew();
        var downEvents = await UntilAsync<RealServerStateChanged>(service, e => !e.Alive, bound + TimeSpan.FromSeconds(2));
        var detection = killed.Elapsed;
        var down = (RealServerStateChanged)downEvents[^1];
        var sorry = Assert.Single(downEvents.OfType<SorryServerStateChanged>()); // added before the real server is removed
        output.WriteLine($"detection latency {detection.TotalMilliseconds:0} ms (bound {bound.TotalMilliseconds:0} ms)");

        await using var again = ServerProcess.Start(socat, $"TCP4-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:true");
        await again.WaitForTcpAsync(port, "socat");
        var up = await NextAsync<RealServerStateChanged>(service, e => e.Alive, TimeSpan.FromSeconds(5));
        var sorryGone = await NextAsync<SorryServerStateChanged>(service, e => !e.Active, TimeSpan.FromSeconds(1));
        await service.StopAsync(CancellationToken.None);

        Assert.False(down.InTable);
        Assert.InRange(detection, TimeSpan.Zero, bound);
        Assert.True(sorry.Active && sorry.InTable);
        Assert.True(up.InTable);
        Assert.False(sorryGone.InTable);
        Assert.Equal(["down", "up"], File.ReadAllLines(log));
    }

    [Fact]
    public async Task SlowServer_DoesNotDelayTheChecksOfOthers()
    {
        var slow = new HttpGetCheckOptions
        {
            Urls = [new HttpUrlOptions { Path = "/slow/big.bin" }], ConnectPort = nginx.HttpPort, DelayLoop = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(2), Deadline = TimeSpan.FromSeconds(30), Retry = 0,
        };
        var fast = new TcpCheckOptions { ConnectPort = nginx.HttpPort, DelayLoop = TimeSpan.FromMilliseconds(200), Warmup = TimeSpan.Zero };
        var options = new CheckerOptions
        {
            Services =
            [
                new CheckedServiceOptions
                {
                    Name = "mixed",
                    RealServers =
                    [
                        new RealServerOptions { Address = IPAddress.Parse("127.0.0.1"), Port = 80, Checks = [slow] },
                        new RealServerOptions { Address = IPAddress.Parse("127.0.0.2"), Port = 80, Checks = [fast] },
                    ],
                },
            ],
        };
        await using var service = new CheckerService(TimeProvider.System);

        await service.ApplyAsync(options, CancellationToken.None);
        long Probes(string address) => service.GetSnapshot("mixed")!.RealServers.Single(r => r.RealServer.Address.Equals(IPAddress.Parse(address))).Checks[0].Probes;
        // Eight fast probes while the slow one is still dripping (its deadline is 30 s): polled, not a fixed sleep,
        // so a loaded machine makes the test slower rather than failing it.
        var waited = Stopwatch.StartNew();
        while (Probes("127.0.0.2") < 8 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);

        var fastProbes = Probes("127.0.0.2");
        var slowProbes = Probes("127.0.0.1");
        Assert.Equal(1, slowProbes); // still dripping
        Assert.True(fastProbes >= 8, $"fast check ran only {fastProbes} probes in {waited.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task FileCheck_TheFileChanges_TheRealServerFollows()
    {
        var file = _dir.File("rs-state");
        File.WriteAllText(file, "0\n");
        var fileCheck = new FileCheckOptions { Path = file, Weight = 1, DelayLoop = TimeSpan.FromMilliseconds(200), Warmup = TimeSpan.Zero, Retry = 0 };
        var dynamic = fileCheck with { Path = _dir.File("rs-weight"), Weight = 2, Dynamic = true };
        File.WriteAllText(dynamic.Path, "0\n");
        var rs1 = new RealServerOptions { Address = IPAddress.Parse("192.0.2.1"), Port = 80, Weight = 3, Checks = [fileCheck] };
        var rs2 = new RealServerOptions { Address = IPAddress.Parse("192.0.2.2"), Port = 80, Weight = 3, Checks = [dynamic] };
        await using var service = new CheckerService(TimeProvider.System);
        await service.ApplyAsync(new CheckerOptions { Services = [new CheckedServiceOptions { Name = "files", RealServers = [rs1, rs2] }] }, CancellationToken.None);
        var within = TimeSpan.FromSeconds(10);

        File.WriteAllText(file, "-1\n"); // value × weight negative: down
        var down = await NextAsync<RealServerStateChanged>(service, e => e.RealServer == rs1.Key && !e.Alive, within);
        File.WriteAllText(file, "0\n");
        var up = await NextAsync<RealServerStateChanged>(service, e => e.RealServer == rs1.Key && e.Alive, within);
        File.WriteAllText(dynamic.Path, "5\n"); // dynamic: weight 3 + 5 × 2
        var heavier = await NextAsync<RealServerStateChanged>(service, e => e.RealServer == rs2.Key && e.Weight == 13, within);

        Assert.Contains("-1", down.Reason);
        Assert.False(down.InTable);
        Assert.True(up.InTable);
        Assert.True(heavier.Alive && heavier.InTable);
    }
}
