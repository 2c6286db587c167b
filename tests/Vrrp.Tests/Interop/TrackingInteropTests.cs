using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Issue 4 seeds in namespaces, our router (lab.A, 192.0.2.1) against real keepalived 2.2.7 (lab.B,
/// 192.0.2.2): vrrp_script weights, nopreempt, dual master, ordered notify, maintenance file, split brain.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrackingInteropTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = "192.0.2.100";
    private const string Vip2 = "192.0.2.101";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lvsv-track-");

    private static ImmutableSortedDictionary<string, T> Dict<T>(params (string, T)[] items) => items.ToImmutableSortedDictionary(i => i.Item1, i => i.Item2, StringComparer.Ordinal);

    private static VrrpInstanceOptions Ours(int priority, string vip = Vip, int vrid = 51, bool unicast = false, bool preempt = true, params string[] scripts) => new()
    {
        Interface = "eth0",
        VirtualRouterId = vrid,
        Version = VrrpVersion.V3,
        Priority = priority,
        AdvertisementInterval = Interval,
        Preempt = preempt,
        SourceAddress = unicast ? IPAddress.Parse("192.0.2.1") : null,
        UnicastPeers = unicast ? new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.2") } } : EquatableArray<VrrpUnicastPeerOptions>.Empty,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse(vip), PrefixLength = 32 } },
        Tracking = new VrrpTrackingOptions { Scripts = new(scripts.Select(s => new VrrpTrackReference { Name = s })) },
    };

    private static string KeepalivedInstance(string name, int vrid, int priority, string vip, string extra = "") => $$"""
        vrrp_instance {{name}} {
            state BACKUP
            interface eth0
            virtual_router_id {{vrid}}
            priority {{priority}}
            advert_int 0.1
            version 3
            {{extra}}
            virtual_ipaddress {
                {{vip}}/32 dev eth0
            }
        }
        """;

    private static string KeepalivedConfig(params string[] instances) =>
        "global_defs {\n    router_id lvsv_ka\n    script_user root\n    enable_script_security\n}\n" + string.Join("\n", instances);

    /// <summary>An executable shell script in the test's directory.</summary>
    private string WriteScript(string name, string body)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static VrrpScriptOptions Check(string path, int weight) => new()
    {
        Command = new VrrpScriptCommand { Arguments = new[] { path } },
        Interval = TimeSpan.FromMilliseconds(200),
        Timeout = TimeSpan.FromSeconds(2),
        Weight = weight,
    };

    [Fact]
    public async Task UnicastPair_ScriptWeightPlusTwoOnProcess_VipFollowsTheProcess()
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var pidFile = Path.Combine(_dir.FullName, "pid");
        var worker = lab.Start("sleep", "3600");
        File.WriteAllText(pidFile, worker.Id.ToString(CultureInfo.InvariantCulture));
        var check = WriteScript("chk_proc", $"exec kill -0 \"$(cat {pidFile})\" 2>/dev/null");
        using var peer = new KeepalivedPeer(lab, lab.B, KeepalivedConfig(KeepalivedInstance("VI_1", 51, 101, Vip, "unicast_src_ip 192.0.2.2\n    unicast_peer {\n        192.0.2.1\n    }")));
        await using var ours = new VrrpRouter(logs, lab.A);
        try
        {
            await ours.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Ours(100, unicast: true, scripts: "chk_proc"))), Scripts = Dict(("chk_proc", Check(check, 2))) });
            peer.Start();
            Assert.True(await NamespaceLab.WaitAsync(() => ours.GetEffectivePriority("VI_1") == 102 && lab.Holds(lab.A, Vip) && !lab.Holds(lab.B, Vip), Patience), "100+2 beats keepalived's 101\n" + logs);

            worker.Kill();
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, Vip) && !lab.Holds(lab.A, Vip), Patience), "keepalived took over when the process died\n" + logs);
            Assert.Equal(100, ours.GetEffectivePriority("VI_1"));
            Assert.Equal(VrrpState.Backup, ours.GetState("VI_1"));

            File.WriteAllText(pidFile, lab.Start("sleep", "3600").Id.ToString(CultureInfo.InvariantCulture));
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && !lab.Holds(lab.B, Vip), Patience), "ours preempted back at 102\n" + logs);
            Assert.Contains(logs.Lines, l => l.Contains("(VI_1) Changing effective priority from 100 to 102"));
            Assert.Contains(logs.Lines, l => l.Contains("VRRP_Script(chk_proc) failed (exited with status 1)"));
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task NopreemptBoth_WeightMinus20_PriorityDropKeepsVipAndRecoveredNodeDoesNotTakeItBack()
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var healthy = Path.Combine(_dir.FullName, "healthy");
        File.WriteAllText(healthy, "");
        var check = WriteScript("chk_health", $"[[ -f {healthy} ]]");
        var options = new VrrpOptions { Instances = Dict(("VI_1", Ours(110, preempt: false, scripts: "chk"))), Scripts = Dict(("chk", Check(check, -20))) };
        using var peer = new KeepalivedPeer(lab, lab.B, KeepalivedConfig(KeepalivedInstance("VI_1", 51, 100, Vip, "nopreempt")));
        var ours = new VrrpRouter(logs, lab.A);
        try
        {
            await ours.ApplyAsync(options);
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), Patience), "ours master alone\n" + logs);
            peer.Start();
            await Task.Delay(TimeSpan.FromSeconds(2));

            File.Delete(healthy);
            Assert.True(await NamespaceLab.WaitAsync(() => ours.GetEffectivePriority("VI_1") == 90, Patience), "weight -20 applied\n" + logs);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(lab.Holds(lab.A, Vip), "nopreempt keepalived (100) must not take over from our 90\n" + logs);
            Assert.False(lab.Holds(lab.B, Vip));

            await ours.DisposeAsync();                       // priority 0: keepalived takes over
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, Vip), Patience), "keepalived took over after our stop\n" + logs);
            File.WriteAllText(healthy, "");
            ours = new VrrpRouter(logs, lab.A);
            await ours.ApplyAsync(options);                  // back at 110 > 100, but nopreempt
            Assert.True(await NamespaceLab.WaitAsync(() => ours.GetState("VI_1") == VrrpState.Backup, Patience));
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.True(lab.Holds(lab.B, Vip), "the recovered node took the VIP back\n" + logs);
            Assert.False(lab.Holds(lab.A, Vip));
            Assert.Equal(110, ours.GetEffectivePriority("VI_1"));
        }
        finally
        {
            await ours.DisposeAsync();
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task DualMaster_TwoInstances_EachNodeMasterOfOne()
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        using var peer = new KeepalivedPeer(lab, lab.B, KeepalivedConfig(KeepalivedInstance("VI_1", 51, 100, Vip), KeepalivedInstance("VI_2", 52, 150, Vip2)));
        await using var ours = new VrrpRouter(logs, lab.A);
        try
        {
            await ours.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Ours(150)), ("VI_2", Ours(100, Vip2, 52))) });
            peer.Start();

            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && lab.Holds(lab.B, Vip2) && !lab.Holds(lab.A, Vip2) && !lab.Holds(lab.B, Vip), Patience), "each master of one\n" + logs);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(VrrpState.Master, ours.GetState("VI_1"));
            Assert.Equal(VrrpState.Backup, ours.GetState("VI_2"));

            peer.Crash();
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && lab.Holds(lab.A, Vip2), Patience), "ours took both after keepalived crashed\n" + logs);
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task NotifyScripts_RecordTheStateSequenceInOrderWithSequenceNumbers()
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var record = Path.Combine(_dir.FullName, "record");
        // Slow scripts make reordering likely if delivery were not ordered.
        var notify = WriteScript("notify", $"sleep 0.$((RANDOM % 3)); echo \"${VrrpNotification.SequenceVariable} $*\" >> {record}");
        var master = WriteScript("notify_master", $"echo \"${VrrpNotification.SequenceVariable} master-script\" >> {record}");
        var vi = Ours(100) with
        {
            Notify = new VrrpNotifyOptions { Generic = new VrrpScriptCommand { Arguments = new[] { notify } }, Master = new VrrpScriptCommand { Arguments = new[] { master } } },
        };
        using var peer = new KeepalivedPeer(lab, lab.B, KeepalivedConfig(KeepalivedInstance("VI_1", 51, 150, Vip)));
        var delivered = new ConcurrentQueue<VrrpNotification>();
        var ours = new VrrpRouter(logs, lab.A);
        ours.NotificationDelivered += delivered.Enqueue;
        try
        {
            await ours.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", vi)) });
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), Patience));
            peer.Start();
            Assert.True(await NamespaceLab.WaitAsync(() => ours.GetState("VI_1") == VrrpState.Backup, Patience), "keepalived preempted\n" + logs);
            peer.Crash();
            Assert.True(await NamespaceLab.WaitAsync(() => ours.GetState("VI_1") == VrrpState.Master, Patience), "ours back after the crash\n" + logs);
            await ours.DisposeAsync();                        // waits for notify_stop to finish

            var lines = File.ReadAllLines(record);
            output.WriteLine(string.Join("\n", lines));
            Assert.Equal(
            [
                "1 INSTANCE VI_1 BACKUP 100",
                "2 master-script", "2 INSTANCE VI_1 MASTER 100",
                "3 INSTANCE VI_1 BACKUP 100",
                "4 master-script", "4 INSTANCE VI_1 MASTER 100",
                "5 INSTANCE VI_1 STOP 100",
            ], lines);
            Assert.Equal([1L, 2L, 3L, 4L, 5L], delivered.Select(n => n.Sequence).ToArray());
        }
        finally
        {
            await ours.DisposeAsync();
            output.WriteLine(logs.ToString());
        }
    }

    [Fact]
    public async Task MaintenanceFile_WeightMinus5_VipMovesAwayAndBack()
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        using var lab = new NamespaceLab();
        var logs = new CollectingLoggerFactory();
        var down = Path.Combine(_dir.FullName, "down");
        var check = WriteScript("chk_maint", $"[[ -f {down} ]] && exit 1 || exit 0");
        using var peer = new KeepalivedPeer(lab, lab.B, KeepalivedConfig(KeepalivedInstance("VI_1", 51, 97, Vip)));
        await using var ours = new VrrpRouter(logs, lab.A);
        try
        {
            await ours.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Ours(100, scripts: "chk_maint"))), Scripts = Dict(("chk_maint", Check(check, -5))) });
            peer.Start();
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && !lab.Holds(lab.B, Vip), Patience), "ours master at 100\n" + logs);

            File.WriteAllText(down, "");
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, Vip) && !lab.Holds(lab.A, Vip), Patience), "95 < 97: keepalived took over\n" + logs);
            Assert.Equal(95, ours.GetEffectivePriority("VI_1"));

            File.Delete(down);
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && !lab.Holds(lab.B, Vip), Patience), "back at 100: ours preempted\n" + logs);
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    /// <summary>
    /// The loser is keepalived (with its higher_prio_send_advert, off by default there) or our own
    /// router (on by default): it sends one advert as it steps down, which the winner answers with GARP.
    /// </summary>
    [Theory]
    [InlineData("keepalived")]
    [InlineData("ours")]
    public async Task SplitBrain_PartitionThenHeal_OneMasterAndClientNeighbourHoldsWinnersMac(string loser)
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        Prerequisites.RequireCommand("nft", "nftables");
        using var lab = new NamespaceLab();
        using var client = new ClientNamespace(lab);
        var logs = new CollectingLoggerFactory();
        using var peer = new KeepalivedPeer(lab, lab.B, KeepalivedConfig(KeepalivedInstance("VI_1", 51, 100, Vip, "higher_prio_send_advert")));
        await using var ours = new VrrpRouter(logs, lab.A);
        await using var ourLoser = new VrrpRouter(logs, lab.B);
        var events = new ConcurrentQueue<VrrpNotification>();
        ours.NotificationDelivered += events.Enqueue;
        var ourMac = ClientNamespace.Mac(lab.A);
        var theirMac = ClientNamespace.Mac(lab.B);
        try
        {
            await ours.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Ours(150))) });
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip), Patience));
            if (loser == "keepalived") peer.Start();
            else await ourLoser.ApplyAsync(new VrrpOptions { Instances = Dict(("VI_1", Ours(100))) });
            await Task.Delay(TimeSpan.FromSeconds(1));
            client.Ping(Vip);
            Assert.Equal(ourMac, client.NeighbourMac(Vip));

            NamespaceLab.Run("ip", $"netns exec {lab.Bridge} nft add table bridge lvsv");
            NamespaceLab.Run("ip", $"netns exec {lab.Bridge} nft add chain bridge lvsv drop112 {{ type filter hook forward priority 0 ; }}");
            NamespaceLab.Run("ip", $"netns exec {lab.Bridge} nft add rule bridge lvsv drop112 ip protocol 112 drop");
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && lab.Holds(lab.B, Vip), Patience), "both MASTER during the partition\n" + logs);
            Assert.True(await NamespaceLab.WaitAsync(() => client.NeighbourMac(Vip) == theirMac, Patience), "the client followed keepalived's GARP during the partition");

            NamespaceLab.Run("ip", $"netns exec {lab.Bridge} nft delete table bridge lvsv");
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip) && !lab.Holds(lab.B, Vip), Patience), "one master after the heal\n" + logs);
            Assert.True(await NamespaceLab.WaitAsync(() => client.NeighbourMac(Vip) == ourMac, Patience), $"the client's neighbour entry still points at the loser ({client.NeighbourMac(Vip)})\n" + logs);
            await Task.Delay(TimeSpan.FromSeconds(1));

            Assert.Equal(VrrpState.Master, ours.GetState("VI_1"));
            Assert.False(lab.Holds(lab.B, Vip));
            Assert.True(ours.GetStatistics().Instances.Single().MasterReceivedLowerPriority >= 1);
            Assert.True(await NamespaceLab.WaitAsync(() => events.Any(e => e.State == "MASTER_RX_LOWER_PRI"), Patience), "no MASTER_RX_LOWER_PRI event");
        }
        finally
        {
            output.WriteLine(logs.ToString());
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
