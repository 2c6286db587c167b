using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Interop;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using Xunit.Abstractions;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Bad input at up to 100,000 packets/s from a third namespace on the bridge (raw IPv4, our own headers):
/// every packet claims a higher priority or priority 0 but is wrong in one way (TTL, checksum, VRID,
/// version, type, length, address list, garbage). Both of our routers must drop and count them, stay
/// alive and never change state.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Namespaces")]
public class FloodTests(ITestOutputHelper output)
{
    private const int TargetRate = 100_000;
    private static readonly TimeSpan FloodDuration = TimeSpan.FromSeconds(5);
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");
    private static readonly IPAddress Attacker = IPAddress.Parse("192.0.2.3");
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");

    private static VrrpOptions Options(int priority) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = 51,
            Version = VrrpVersion.V3,
            Priority = priority,
            AdvertisementInterval = TimeSpan.FromMilliseconds(100),
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = Vip } },
        })]),
    };

    /// <summary>IPv4 datagrams (header included) that must all be dropped by a v3 VRID 51 instance.</summary>
    internal static IReadOnlyList<(string Name, byte[] Datagram)> BadDatagrams()
    {
        byte[] Payload(VrrpAdvertisement advert, VrrpChecksumMode mode = VrrpChecksumMode.IncludePseudoHeader)
        {
            var buffer = new byte[VrrpPacketCodec.MaxMessageLength];
            Assert.True(VrrpPacketCodec.TryEncode(advert, Attacker, Group, mode, buffer, out var n));
            return buffer[..n];
        }
        byte[] Ip(byte[] payload, byte ttl = 255, byte protocol = VrrpPacketCodec.IpProtocolNumber)
        {
            var d = new byte[20 + payload.Length];
            d[0] = 0x45;
            d[1] = 0xC0;
            d[2] = (byte)(d.Length >> 8);
            d[3] = (byte)d.Length;
            d[8] = ttl;
            d[9] = protocol;
            Attacker.GetAddressBytes().CopyTo(d, 12);
            Group.GetAddressBytes().CopyTo(d, 16);
            payload.CopyTo(d, 20);
            return d;
        }
        var higher = VrrpAdvertisement.CreateV3(AddressFamily.InterNetwork, 51, 254, 100, [Vip]);
        var valid = Payload(higher);
        var badChecksum = (byte[])valid.Clone();
        badChecksum[VrrpPacketCodec.ChecksumOffset] ^= 0x5A;
        var wrongType = Payload(higher);
        wrongType[0] = 0x32;
        var countTooHigh = Payload(higher);
        countTooHigh[3] = 255;
        var random = new Random(3);
        var garbage = new byte[60];
        random.NextBytes(garbage);
        return
        [
            ("ttl-64", Ip(valid, ttl: 64)),
            ("bad-checksum", Ip(badChecksum)),
            ("other-vrid", Ip(Payload(higher with { VirtualRouterId = 52 }))),
            ("v2-to-v3", Ip(Payload(VrrpAdvertisement.CreateV2(51, 254, 1, [Vip])))),
            ("type-3", Ip(wrongType)),
            ("truncated", Ip(valid[..5])),
            ("count-255", Ip(countTooHigh)),
            ("oversized", Ip([.. valid, .. new byte[200]])),
            ("wrong-address-list", Ip(Payload(higher with { Addresses = [IPAddress.Parse("192.0.2.99")] }))),
            ("priority-0-ttl-1", Ip(Payload(higher with { Priority = 0 }), ttl: 1)),
            ("garbage", Ip(garbage)),
            ("ah-without-vrrp", Ip(garbage, protocol: VrrpPacketCodec.AuthenticationHeaderProtocolNumber)),
        ];
    }

    [Fact]
    public async Task BadPacketFlood_FromThirdNamespace_DroppedAndCountedWithoutTransitions()
    {
        using var lab = new NamespaceLab();
        var attackerNs = lab.Bridge + "-c";
        var logs = new CollectingLoggerFactory();
        await using var a = new VrrpRouter(logs, lab.A);
        await using var b = new VrrpRouter(logs, lab.B);
        var changes = new ConcurrentQueue<string>();
        try
        {
            NamespaceLab.Run("ip", $"netns add {attackerNs}");
            NamespaceLab.Run("ip", $"-n {attackerNs} link add eth0 type veth peer name v3 netns {lab.Bridge}");
            NamespaceLab.Run("ip", $"-n {lab.Bridge} link set v3 master br0 up");
            NamespaceLab.Run("ip", $"-n {attackerNs} addr add {Attacker}/24 dev eth0");
            NamespaceLab.Run("ip", $"-n {attackerNs} link set eth0 up");

            await a.ApplyAsync(Options(150));
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.A, Vip.ToString()), TimeSpan.FromSeconds(3)));
            await b.ApplyAsync(Options(100));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(VrrpState.Backup, b.GetState("VI_1"));
            a.StateChanged += (_, c) => changes.Enqueue($"A {c.Previous}->{c.Current}");
            b.StateChanged += (_, c) => changes.Enqueue($"B {c.Previous}->{c.Current}");
            var dropsBefore = TotalDrops(a) + TotalDrops(b);

            var packets = BadDatagrams();
            using var sender = new NetworkNamespaceThread(attackerNs);
            var index = int.Parse(NamespaceLab.Run("ip", $"-n {attackerNs} -o link show eth0").Split(':')[0]);
            using var socket = sender.Run(() => OpenSender(index));
            var (sent, elapsed) = await Task.Factory.StartNew(() => Flood(socket, packets), TaskCreationOptions.LongRunning);
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            var counted = TotalDrops(a) + TotalDrops(b) - dropsBefore;
            var kernel = $"A [{KernelRawDrops(lab.A)}], B [{KernelRawDrops(lab.B)}]";
            output.WriteLine($"sent {sent} bad datagrams in {elapsed.TotalSeconds:F2} s = {sent / elapsed.TotalSeconds:F0} packets/s (target {TargetRate}); " +
                $"dropped and counted by the two routers: {counted} (each router receives every one: {2 * sent} deliveries); kernel drops per raw socket (receive queue full; the send-only sockets queue nothing): {kernel}");
            output.WriteLine("A: " + Describe(a));
            output.WriteLine("B: " + Describe(b));

            Assert.Empty(changes);
            Assert.Equal(VrrpState.Master, a.GetState("VI_1"));
            Assert.Equal(VrrpState.Backup, b.GetState("VI_1"));
            Assert.True(lab.Holds(lab.A, Vip.ToString()));
            Assert.False(lab.Holds(lab.B, Vip.ToString()));
            // Nothing reached a state machine as a valid advert, and what was read was counted.
            Assert.True(counted > 0, "no drop counted");

            // Both still work: the master's graceful stop hands over to the backup.
            await a.DisposeAsync();
            Assert.True(await NamespaceLab.WaitAsync(() => lab.Holds(lab.B, Vip.ToString()), TimeSpan.FromSeconds(2)), "the backup no longer works after the flood\n" + logs);
        }
        finally
        {
            try
            {
                NamespaceLab.Run("ip", $"netns del {attackerNs}");
            }
            catch (InvalidOperationException)
            {
            }
            output.WriteLine(string.Join('\n', logs.ToString().Split('\n').Take(60)));
        }
    }

    private static Socket OpenSender(int interfaceIndex)
    {
        var socket = RawSocketFactory.Open(AddressFamily.InterNetwork, VrrpPacketCodec.IpProtocolNumber);
        RawVrrpTransport.SetInt(socket, VrrpLibc.IPPROTO_IP, 3 /* IP_HDRINCL */, 1);
        var mreqn = new byte[12];
        BitConverter.TryWriteBytes(mreqn.AsSpan(8), interfaceIndex);
        socket.SetRawSocketOption(VrrpLibc.IPPROTO_IP, VrrpLibc.IP_MULTICAST_IF, mreqn);
        return socket;
    }

    private static (long Sent, TimeSpan Elapsed) Flood(Socket socket, IReadOnlyList<(string Name, byte[] Datagram)> packets)
    {
        using var sender = new BatchedDatagramSender(socket, Group, packets.Select(p => p.Datagram).ToList());
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < FloodDuration)
        {
            // Paced to the target rate: never ahead of it, as fast as possible when behind.
            if (sent > clock.Elapsed.TotalSeconds * TargetRate)
            {
                Thread.Yield();
                continue;
            }
            sent += sender.SendBatch();
        }
        return (sent, clock.Elapsed);
    }

    private static long TotalDrops(VrrpRouter router)
    {
        var stats = router.GetStatistics();
        return stats.UnattributedDrops.Values.Sum() + stats.Instances.Sum(i => i.Drops.Values.Sum());
    }

    private static string Describe(VrrpRouter router)
    {
        var stats = router.GetStatistics();
        var drops = stats.UnattributedDrops.Concat(stats.Instances.SelectMany(i => i.Drops))
            .GroupBy(d => d.Key).Select(g => $"{g.Key}={g.Sum(x => x.Value)}");
        return string.Join(", ", drops) + $"; adverts accepted {stats.Instances.Sum(i => i.AdvertisementsReceived)}";
    }

    /// <summary>The "drops" column of each socket in /proc/net/raw of <paramref name="ns"/>: datagrams the kernel discarded for a full buffer.</summary>
    private static string KernelRawDrops(string ns) =>
        string.Join(", ", NamespaceLab.Run("ip", $"netns exec {ns} cat /proc/net/raw").Split('\n').Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 13)
            .Select(f => f[^1]));
}
