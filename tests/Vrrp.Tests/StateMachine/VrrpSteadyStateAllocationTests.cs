using System.Net;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.StateMachine;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>
/// The steady state of a pair (the master sends the same advert every interval, the backup receives it)
/// allocates nothing on the VRRP threads: no garbage collection, which would suspend them, is ever caused
/// by VRRP itself. Counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/> after a warm-up.
/// </summary>
public class VrrpSteadyStateAllocationTests
{
    private const int WarmUp = 200;
    private const int Measured = 2000;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private static (VrrpInstance Instance, HandFiredTimeProvider Time) Create(int priority, IVrrpTransport transport)
    {
        var time = new HandFiredTimeProvider();
        var options = VrrpInstanceHarness.DefaultOptions() with { Priority = priority, AdvertisementInterval = Interval };
        return (VrrpInstanceHarness.Create(options, time, transport), time);
    }

    /// <summary>A started Backup behind a dispatcher, and the datagram of a valid advert from its higher-priority master.</summary>
    private static (VrrpInstance Instance, HandFiredTimeProvider Time, VrrpPacketDispatcher Dispatcher, byte[] Datagram) BackupWithDispatcher()
    {
        var (instance, time) = Create(100, new CountingTransport());
        var dispatcher = new VrrpPacketDispatcher(time, NullLogger.Instance);
        dispatcher.SetInstances([instance]);
        instance.Start();
        var advert = VrrpAdvertisement.CreateV3(System.Net.Sockets.AddressFamily.InterNetwork, 51, 150, 1, [VrrpInstanceHarness.Vip]);
        return (instance, time, dispatcher, VrrpPacketDispatcherTests.Ipv4Datagram(advert, VrrpInstanceHarness.Peer));
    }

    private static long AllocatedBy(Action step)
    {
        for (var i = 0; i < WarmUp; i++) step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++) step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void MasterAdvertTimer_SendsEveryInterval_AllocatesNothing()
    {
        var transport = new CountingTransport();
        var (instance, time) = Create(150, transport);
        instance.Start();
        time.AdvanceToDueAndFire();
        Assert.Equal(VrrpState.Master, instance.State);

        var allocated = AllocatedBy(time.AdvanceToDueAndFire);

        Assert.Equal(0, allocated);
        Assert.Equal(1 + WarmUp + Measured, transport.Sent);
    }

    [Fact]
    public void BackupReceive_SameAdvertEveryInterval_AllocatesNothing()
    {
        var (instance, time, dispatcher, datagram) = BackupWithDispatcher();

        var allocated = AllocatedBy(() =>
        {
            time.Advance(Interval);
            dispatcher.OnIpv4Datagram("eth0", datagram);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(VrrpState.Backup, instance.State);
        Assert.Equal(WarmUp + Measured, instance.GetStatistics().AdvertisementsReceived);
    }

    [Fact]
    public void BackupReceive_FloodOfBadChecksums_AllocatesNothing()
    {
        var (_, _, dispatcher, datagram) = BackupWithDispatcher();
        datagram[20 + VrrpPacketCodec.ChecksumOffset] ^= 0x5A;

        var allocated = AllocatedBy(() => dispatcher.OnIpv4Datagram("eth0", datagram));

        Assert.Equal(0, allocated);
        Assert.Equal(WarmUp + Measured, dispatcher.Drops.Snapshot()[VrrpDropReason.BadChecksum]);
    }

    /// <summary>Counts sends without recording them (a list would allocate).</summary>
    private sealed class CountingTransport : IVrrpTransport
    {
        public int Sent { get; private set; }

        public IPAddress? PrimaryAddress => VrrpInstanceHarness.Local;

        public void Prepare()
        {
        }

        public bool Send(VrrpAdvertisement advertisement, uint authenticationSequence)
        {
            Sent++;
            return true;
        }
    }
}
