using System.Net;
using System.Net.Sockets;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Netlink;
using LvsDirector.Ipvs.Reconcile;
using LvsDirector.Ipvs.Tests.Fakes;

namespace LvsDirector.Ipvs.Tests.Netlink;

/// <summary>Large change sets: encoded beside the sending (<see cref="IpvsClient.PipelinedChanges"/>), same outcome.</summary>
public class IpvsClientBatchTests
{
    private const ushort FamilyId = 0x1d;
    private static readonly IpvsServiceKey Service = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.10"), 80);

    private static List<IpvsChange> AddDestinations(int count) =>
        Enumerable.Range(1, count).Select(port => IpvsChange.AddDestination(Service, new IpvsDestination
        {
            Address = IPAddress.Parse("198.51.100.1"),
            Port = (ushort)port,
        })).ToList();

    private static ushort PortOf(byte[] payload) =>
        IpvsMessageCodec.TryDecodeDestination(payload, AddressFamily.InterNetwork, out var entry) ? entry!.Destination.Port : (ushort)0;

    // A kernel that refuses destinations whose port ends in 007 (EEXIST) and records the ports in the order received.
    private static (FakeNetlinkSocket Socket, List<ushort> Received) Kernel()
    {
        var socket = new FakeNetlinkSocket();
        var received = new List<ushort>();
        socket.Responder = datagram =>
        {
            var replies = new List<byte[]>();
            foreach (var (header, payload) in NetlinkReplies.Split(datagram))
            {
                if (header.Type == NetlinkMessageType.Noop)
                {
                    replies.Add(NetlinkReplies.Error(header, 0, socket.PortId));
                    continue;
                }
                var port = PortOf(payload);
                received.Add(port);
                if (port % 1000 == 7) replies.Add(NetlinkReplies.Error(header, -(int)Errno.EEXIST, socket.PortId));
            }
            return new[] { NetlinkReplies.Concat(replies.ToArray()) };
        };
        return (socket, received);
    }

    [Theory]
    [InlineData(IpvsClient.PipelinedChanges - 1)]
    [InlineData(IpvsClient.PipelinedChanges)]
    [InlineData(25_000)]
    public async Task ApplyChangesAsync_ManyChanges_EverySentOnceInOrderAndFailuresNamed(int count)
    {
        var (socket, received) = Kernel();
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId);
        var changes = AddDestinations(Math.Min(count, ushort.MaxValue));

        var failures = await client.ApplyChangesAsync(changes, CancellationToken.None);

        Assert.Equal(changes.Select(c => c.Destination!.Port), received);
        var expected = changes.Where(c => c.Destination!.Port % 1000 == 7).ToList();
        Assert.Equal(expected, failures.Select(f => f.Change));
        Assert.All(failures, f => Assert.Equal("EEXIST", f.ErrorName));
        Assert.All(socket.Sent, d => Assert.True(d.Length <= NetlinkConnection.MaxBatchBytes));
        Assert.Equal(changes.Count, client.OperationCount);
    }

    [Fact]
    public async Task ApplyChangesAsync_ExchangeFailsMidway_ThrowsAndTheConnectionStaysUsable()
    {
        var (socket, _) = Kernel();
        var inner = socket.Responder;
        int datagrams = 0;
        socket.Responder = d => ++datagrams == 2 ? throw new NetlinkException(Errno.ENOBUFS, "receive") : inner(d);
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId);

        await Assert.ThrowsAsync<NetlinkException>(() => client.ApplyChangesAsync(AddDestinations(20_000), CancellationToken.None));

        // The encoder stopped with the exchange; the next request goes through (the gate was released).
        var failures = await client.ApplyChangesAsync(AddDestinations(3), CancellationToken.None);
        Assert.Empty(failures);
    }
}
