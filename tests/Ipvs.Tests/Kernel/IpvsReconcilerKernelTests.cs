using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;

namespace LvsDirector.Ipvs.Tests.Kernel;

/// <summary>The reconciler against the real kernel, with the table prepared and checked by ipvsadm.</summary>
[Trait("Category", IpvsKernel.Category)]
[Collection(IpvsKernelCollection.Name)]
public class IpvsReconcilerKernelTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly IpvsServiceKey Web = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80);
    private static readonly IpvsServiceKey Dns = IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("192.0.2.100"), 53);

    private static RealServerOptions Real(string address, ushort port = 80, int weight = 1, IpvsForwardingMethod method = IpvsForwardingMethod.DirectRoute) =>
        new() { Address = IPAddress.Parse(address), Port = port, Weight = weight, ForwardingMethod = method };

    private static IpvsOptions Options(params VirtualServiceOptions[] services) => new()
    {
        Services = services,
        OwnershipStateFile = Path.Combine(Path.GetTempPath(), "lvsi-" + Guid.NewGuid().ToString("N"), "ipvs-owned.json"),
    };

    private static IpvsOptions Desired() => Options(
        new VirtualServiceOptions { Key = Web, Scheduler = "wrr", PersistenceTimeoutSeconds = 300, RealServers = new[] { Real("198.51.100.11", weight: 3), Real("198.51.100.12") } },
        new VirtualServiceOptions { Key = Dns, Scheduler = "rr", Flags = IpvsServiceFlags.OnePacket, RealServers = new[] { Real("198.51.100.13", 53, 2, IpvsForwardingMethod.Masquerade) } });

    private static readonly string[] DesiredSave =
    {
        "-A -t 192.0.2.100:80 -s wrr -p 300",
        "-A -u 192.0.2.100:53 -s rr -o",
        "-a -t 192.0.2.100:80 -r 198.51.100.11:80 -g -w 3",
        "-a -t 192.0.2.100:80 -r 198.51.100.12:80 -g -w 1",
        "-a -u 192.0.2.100:53 -r 198.51.100.13:53 -m -w 2",
    };

    [Fact]
    public async Task ApplyAsync_DirtyTable_ReconcilesOursAndLeavesForeignAlone()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        IpvsKernel.Ipvsadm("-A", "-t", "192.0.2.100:80", "-s", "rr");                                 // ours, wrong scheduler, not persistent
        IpvsKernel.Ipvsadm("-a", "-t", "192.0.2.100:80", "-r", "198.51.100.11:80", "-g", "-w", "1");  // ours, wrong weight
        IpvsKernel.Ipvsadm("-a", "-t", "192.0.2.100:80", "-r", "198.51.100.99:80", "-g", "-w", "1");  // stale dest under our service
        IpvsKernel.Ipvsadm("-A", "-t", "203.0.113.1:443", "-s", "wlc");                              // someone else's
        await using var reconciler = IpvsReconciler.Create();

        var result = await reconciler.ApplyAsync(Desired(), None);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(new[]
        {
            "delete dest 198.51.100.99:80 from TCP 192.0.2.100:80",
            "edit service TCP 192.0.2.100:80",
            "add service UDP 192.0.2.100:53",
            "edit dest 198.51.100.11:80 in TCP 192.0.2.100:80",
            "add dest 198.51.100.12:80 to TCP 192.0.2.100:80",
            "add dest 198.51.100.13:53 to UDP 192.0.2.100:53",
        }, result.Changes.Select(c => c.ToString()));
        Assert.Equal(new[] { IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.1"), 443) }, result.Unmanaged);
        Assert.Equal(DesiredSave.Append("-A -t 203.0.113.1:443 -s wlc").Order(StringComparer.Ordinal), IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task ApplyAsync_SecondRunOnUnchangedTable_SendsOnlyDumps()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        await using var reconciler = IpvsReconciler.Create();
        var options = Desired();
        var first = await reconciler.ApplyAsync(options, None);

        var second = await reconciler.ApplyAsync(options, None);

        Assert.Equal(5, first.WritesSent);
        Assert.Empty(second.Changes);
        Assert.Equal(0, second.WritesSent);
        Assert.Equal(3, second.NetlinkOperations); // one GET_SERVICE dump + one GET_DEST dump per configured service
        Assert.Equal(DesiredSave.Order(StringComparer.Ordinal), IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task ApplyAsync_RestartOverItsOwnTable_AdoptsWithoutAnyWrite()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        var options = Desired();
        await using (var before = IpvsReconciler.Create())
        {
            await before.ApplyAsync(options, None);
        }
        // Simulate traffic history: counters must survive the restart (a delete + re-add would zero them).
        var servicesBefore = IpvsKernel.Ipvsadm("-Ln");

        await using var after = IpvsReconciler.Create();
        var result = await after.ApplyAsync(options, None);

        Assert.Empty(result.Changes);
        Assert.Equal(0, result.WritesSent);
        Assert.Equal(servicesBefore, IpvsKernel.Ipvsadm("-Ln"));
    }

    [Fact]
    public async Task ApplyAsync_OneWeightChanged_ExactlyOneSetDest()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        await using var reconciler = IpvsReconciler.Create();
        var options = Desired();
        await reconciler.ApplyAsync(options, None);
        var web = options.Services[0];
        var changed = options with { Services = new[] { web with { RealServers = new[] { web.RealServers[0] with { Weight = 7 }, web.RealServers[1] } }, options.Services[1] } };

        var result = await reconciler.ApplyAsync(changed, None);

        Assert.Equal(new[] { "edit dest 198.51.100.11:80 in TCP 192.0.2.100:80" }, result.Changes.Select(c => c.ToString()));
        Assert.Equal(1, result.WritesSent);
        Assert.Equal(4, result.NetlinkOperations); // 3 dumps + 1 SET_DEST
        Assert.Contains("-a -t 192.0.2.100:80 -r 198.51.100.11:80 -g -w 7", IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task ApplyAsync_LargeTableFromEmpty_EncodedBesideSendingAllInTheKernel()
    {
        // Above IpvsClient.PipelinedChanges the destinations are encoded on another thread while earlier chunks go out.
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        await using var reconciler = IpvsReconciler.Create();
        var services = Enumerable.Range(1, 30).Select(s => new VirtualServiceOptions
        {
            Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse($"192.0.2.{s}"), 80),
            Scheduler = "wrr",
            RealServers = Enumerable.Range(1, 100).Select(d => Real($"198.51.100.{d}", (ushort)(8000 + s), weight: d)).ToArray(),
        }).ToArray();
        Assert.True(30 * 100 > IpvsClient.PipelinedChanges);

        var result = await reconciler.ApplyAsync(Options(services), None);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Message)));
        Assert.Equal(3030, result.WritesSent);
        var save = IpvsKernel.SaveSorted();
        Assert.Equal(3030, save.Count);
        Assert.Contains("-a -t 192.0.2.30:80 -r 198.51.100.100:8030 -g -w 100", save);
        Assert.Contains("-a -t 192.0.2.1:80 -r 198.51.100.1:8001 -g -w 1", save);
    }

    [Fact]
    public async Task ReconcileAsync_ServiceDeletedWithIpvsadm_ComesBack()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        await using var reconciler = IpvsReconciler.Create();
        await reconciler.ApplyAsync(Desired(), None);
        IpvsKernel.Ipvsadm("-D", "-t", "192.0.2.100:80");
        IpvsKernel.Ipvsadm("-d", "-u", "192.0.2.100:53", "-r", "198.51.100.13:53");

        var result = await reconciler.ReconcileAsync(None);

        Assert.Equal(4, result!.WritesSent);
        Assert.Equal(DesiredSave.Order(StringComparer.Ordinal), IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task ApplyAsync_ServiceRemovedFromConfig_DeletedOnlyIfOurs()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        IpvsKernel.Ipvsadm("-A", "-t", "203.0.113.1:443", "-s", "wlc");
        await using var reconciler = IpvsReconciler.Create();
        var options = Desired();
        await reconciler.ApplyAsync(options, None);

        var result = await reconciler.ApplyAsync(options with { Services = new[] { options.Services[0] } }, None);

        Assert.Equal(new[] { "delete service UDP 192.0.2.100:53" }, result.Changes.Select(c => c.ToString()));
        var save = IpvsKernel.SaveSorted();
        Assert.Contains("-A -t 203.0.113.1:443 -s wlc", save);
        Assert.DoesNotContain(save, l => l.Contains("192.0.2.100:53", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_KernelRefusesSomeChanges_RestAppliedAndEachFailureNamed()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        await using var reconciler = IpvsReconciler.Create();
        var options = Options(
            // The VM kernel has no ip_vs_twos module: NEW_SERVICE fails with ENOENT.
            new VirtualServiceOptions { Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 81), Scheduler = "twos", RealServers = new[] { Real("198.51.100.21", 81) } },
            new VirtualServiceOptions { Key = Web, Scheduler = "rr", RealServers = new[] { Real("198.51.100.11") } });
        var hasTwos = IpvsKernel.Run("sh", "-c", "find /lib/modules/$(uname -r) -name 'ip_vs_twos.ko*' | head -1").Trim().Length > 0;

        var result = await reconciler.ApplyAsync(options, None);

        if (hasTwos)
        {
            Assert.True(result.Succeeded);
            return;
        }
        Assert.Equal(new[]
        {
            "add service TCP 192.0.2.100:81: No such file or directory (ENOENT)",
            "add dest 198.51.100.21:81 to TCP 192.0.2.100:81: skipped, the service could not be added (ENOENT)",
        }, result.Failures.Select(f => f.Message));
        Assert.Equal(new[] { "-A -t 192.0.2.100:80 -s rr", "-a -t 192.0.2.100:80 -r 198.51.100.11:80 -g -w 1" }, IpvsKernel.SaveSorted());
    }

    [Fact]
    public async Task ApplyAsync_TimeoutsAndSyncDaemon_IpvsadmShowsThem()
    {
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        IpvsKernel.Run("ip", "link", "add", "lvsi-sync1", "type", "dummy");
        try
        {
            IpvsKernel.Run("ip", "link", "set", "lvsi-sync1", "multicast", "on", "up");
            await using var reconciler = IpvsReconciler.Create();
            var options = Desired() with
            {
                Timeouts = new IpvsTimeouts(600, 30, 60),
                SyncDaemons = new[] { new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "lvsi-sync1", SyncId = 12 } },
            };

            var first = await reconciler.ApplyAsync(options, None);
            var second = await reconciler.ApplyAsync(options, None);

            Assert.True(first.Succeeded, string.Join("; ", first.OtherFailures));
            Assert.Equal(0, second.WritesSent);
            Assert.Contains("Timeout (tcp tcpfin udp): 600 30 60", IpvsKernel.Ipvsadm("-L", "--timeout"));
            Assert.Contains("master sync daemon (mcast=lvsi-sync1, syncid=12", IpvsKernel.Ipvsadm("-L", "--daemon"));
            await reconciler.StopAsync(None);
        }
        finally
        {
            using (var client = await IpvsKernel.OpenAsync())
            {
                foreach (var d in await client.GetDaemonsAsync(None)) await client.DeleteDaemonAsync(d.State, None);
            }
            IpvsKernel.Run("ip", "link", "del", "lvsi-sync1");
        }
    }

    /// <summary>
    /// keepalived 2.2.7 programs a configuration; our reconciler programs the equivalent IpvsOptions (written by
    /// hand here; the Director's binder does it for real); the sorted `ipvsadm -Sn` of both must be identical.
    /// </summary>
    [Fact]
    public async Task ApplyAsync_SameConfigAsKeepalived_SameKernelTable()
    {
        var keepalived = TestSupport.Prerequisites.RequireCommand("keepalived", "keepalived");
        (await IpvsKernel.OpenCleanAsync()).Dispose();
        var dir = Path.Combine(Path.GetTempPath(), "lvsi-ka-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(conf, """
            global_defs {
                router_id lvsi_equivalence
            }
            virtual_server 192.0.2.100 80 {
                lb_algo wrr
                lb_kind DR
                protocol TCP
                persistence_timeout 300
                persistence_granularity 255.255.255.0
                real_server 198.51.100.11 80 {
                    weight 3
                }
                real_server 198.51.100.12 80 {
                    weight 1
                    uthreshold 100
                    lthreshold 10
                }
            }
            virtual_server 192.0.2.100 53 {
                lb_algo sh
                sh-port
                sh-fallback
                ops
                lb_kind NAT
                protocol UDP
                real_server 198.51.100.13 53 {
                    weight 2
                }
            }
            virtual_server fwmark 7 {
                lb_algo rr
                lb_kind TUN
                real_server 198.51.100.14 0 {
                    weight 1
                }
            }
            virtual_server 2001:db8::100 443 {
                lb_algo mh
                lb_kind DR
                protocol TCP
                real_server 2001:db8::11 443 {
                    weight 1
                }
            }
            """);
        List<string> keepalivedTable;
        List<string> keepalivedThresholds;
        var process = Process.Start(new ProcessStartInfo(keepalived)
        {
            ArgumentList = { "-n", "-l", "-C", "-f", conf, "-p", Path.Combine(dir, "k.pid"), "-c", Path.Combine(dir, "c.pid") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            keepalivedTable = await WaitForTableAsync(9);
            keepalivedThresholds = Thresholds();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
        (await IpvsKernel.OpenCleanAsync()).Dispose();

        await using var reconciler = IpvsReconciler.Create();
        var result = await reconciler.ApplyAsync(Options(
            new VirtualServiceOptions
            {
                Key = Web, Scheduler = "wrr", PersistenceTimeoutSeconds = 300, PersistenceNetmask = 0xFFFFFF00,
                RealServers = new[] { Real("198.51.100.11", weight: 3), Real("198.51.100.12") with { UpperThreshold = 100, LowerThreshold = 10 } },
            },
            new VirtualServiceOptions
            {
                Key = Dns, Scheduler = "sh", Flags = IpvsServiceFlags.ShPort | IpvsServiceFlags.ShFallback | IpvsServiceFlags.OnePacket,
                RealServers = new[] { Real("198.51.100.13", 53, 2, IpvsForwardingMethod.Masquerade) },
            },
            new VirtualServiceOptions { Key = IpvsServiceKey.ForFirewallMark(7), Scheduler = "rr", RealServers = new[] { Real("198.51.100.14", 0, 1, IpvsForwardingMethod.Tunnel) } },
            new VirtualServiceOptions
            {
                Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("2001:db8::100"), 443), Scheduler = "mh",
                RealServers = new[] { Real("2001:db8::11", 443) },
            }), None);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(keepalivedTable, IpvsKernel.SaveSorted());
        Assert.Equal(keepalivedThresholds, Thresholds()); // -Sn does not show thresholds
    }

    private static List<string> Thresholds() =>
        IpvsKernel.Ipvsadm("-Ln", "--thresholds").Split('\n').Where(l => l.Contains("->", StringComparison.Ordinal)).Select(l => l.Trim()).Order(StringComparer.Ordinal).ToList();

    // keepalived programs the table asynchronously after start: poll ipvsadm (an external process, not our code under test).
    private static async Task<List<string>> WaitForTableAsync(int expectedLines)
    {
        var deadline = Stopwatch.StartNew();
        List<string> table;
        do
        {
            await Task.Delay(250);
            table = IpvsKernel.SaveSorted().ToList();
        }
        while (table.Count < expectedLines && deadline.Elapsed < TimeSpan.FromSeconds(60));
        await Task.Delay(500);
        table = IpvsKernel.SaveSorted().ToList();
        Assert.True(table.Count == expectedLines, "keepalived programmed: " + string.Join(" | ", table));
        return table;
    }
}
