using System.Net;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Netlink;
using LvsDirector.Ipvs.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Ipvs.Tests.Netlink;

/// <summary>Dump entries the client cannot decode: skipped, and reported in one warning per dump.</summary>
public class IpvsClientDumpTests
{
    private const ushort FamilyId = 0x1d;
    private static readonly IpvsServiceKey Service = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.10"), 80);

    // A NEW_DEST dump part: port and address, and the address family when given.
    private static byte[] Destination(ushort? port, ushort? family = null)
    {
        var w = new NetlinkAttributeWriter();
        w.BeginGenericMessage(FamilyId, (byte)IpvsCommand.NewDestination, IpvsAttribute.FamilyVersion, NetlinkMessageFlags.Multi);
        int nest = w.BeginNested(IpvsAttribute.Command.Destination);
        w.WriteBytes(IpvsAttribute.Destination.Address, IPAddress.Parse("198.51.100.1").GetAddressBytes().Concat(new byte[12]).ToArray());
        if (port is { } p) w.WriteBigEndianUInt16(IpvsAttribute.Destination.Port, p);
        if (family is { } f) w.WriteUInt16(IpvsAttribute.Destination.AddressFamily, f);
        w.EndNested(nest);
        w.EndMessage();
        return w.ToArray();
    }

    // A NEW_SERVICE dump part without IPVS_SVC_ATTR_AF.
    private static byte[] ServiceWithoutFamily()
    {
        var w = new NetlinkAttributeWriter();
        w.BeginGenericMessage(FamilyId, (byte)IpvsCommand.NewService, IpvsAttribute.FamilyVersion, NetlinkMessageFlags.Multi);
        int nest = w.BeginNested(IpvsAttribute.Command.Service);
        w.WriteUInt16(IpvsAttribute.Service.Protocol, 6);
        w.EndNested(nest);
        w.EndMessage();
        return w.ToArray();
    }

    // A kernel answering each dump request with the next list of parts, stamped with the request's sequence, then NLMSG_DONE.
    private static FakeNetlinkSocket Kernel(params (byte[][] Parts, bool Interrupted)[] dumps)
    {
        var socket = new FakeNetlinkSocket();
        socket.Responder = d =>
        {
            var sequence = NetlinkReplies.Split(d)[0].Header.Sequence;
            var (parts, interrupted) = dumps[socket.Sent.Count - 1];
            var stamped = parts.Select(p =>
            {
                var copy = (byte[])p.Clone();
                NetlinkMessageHeader.TryRead(copy, out var h);
                var flags = h.Flags | (interrupted ? NetlinkMessageFlags.DumpInterrupted : 0);
                (h with { Sequence = sequence, PortId = socket.PortId, Flags = flags }).Write(copy);
                return copy;
            });
            return new[] { NetlinkReplies.Concat(stamped.Append(NetlinkReplies.Done(sequence, socket.PortId)).ToArray()) };
        };
        return socket;
    }

    [Fact]
    public async Task GetDestinationsAsync_UndecodableEntries_SkippedWithOneWarningNamingDumpCountAndFirstReason()
    {
        var logger = new CollectingLogger();
        var socket = Kernel((new[] { Destination(80), Destination(81, family: 99), Destination(null), Destination(82) }, false));
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId, logger);

        var entries = await client.GetDestinationsAsync(Service, CancellationToken.None);

        Assert.Equal(new ushort[] { 80, 82 }, entries.Select(e => e.Destination.Port));
        var (level, eventId, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Equal(EventIds.DumpEntriesDropped, eventId);
        Assert.Equal($"IPVS: get dests of {Service}: dropped 2 of 4 entries the kernel sent, they could not be decoded (first: unknown address family 99 (IPVS_DEST_ATTR_ADDR_FAMILY))", message);
    }

    [Fact]
    public async Task GetDestinationsAsync_SameReasonInTheNextDump_WarnedOnceThenAtDebugLevel()
    {
        var logger = new CollectingLogger();
        var dump = new[] { Destination(80), Destination(81, family: 99) };
        var socket = Kernel((dump, false), (dump, false));
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId, logger);

        await client.GetDestinationsAsync(Service, CancellationToken.None);
        await client.GetDestinationsAsync(Service, CancellationToken.None);

        Assert.Equal([LogLevel.Warning, LogLevel.Debug], logger.Entries.Select(e => e.Level));
    }

    [Fact]
    public async Task GetDestinationSettingsAsync_WellFormedDump_LogsNothing()
    {
        var logger = new CollectingLogger();
        var socket = Kernel((new[] { Destination(80), Destination(81) }, false));
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId, logger);

        var destinations = await client.GetDestinationSettingsAsync(Service, CancellationToken.None);

        Assert.Equal(2, destinations.Count);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task GetDestinationSettingsAsync_RestartedDump_ReportsOnlyTheLastAttempt()
    {
        var logger = new CollectingLogger();
        var socket = Kernel(
            (new[] { Destination(null), Destination(null), Destination(80) }, true),
            (new[] { Destination(80), Destination(81, family: 99) }, false));
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId, logger);

        var destinations = await client.GetDestinationSettingsAsync(Service, CancellationToken.None);

        Assert.Equal(80, Assert.Single(destinations).Port);
        Assert.Equal($"IPVS: get dests of {Service}: dropped 1 of 2 entries the kernel sent, they could not be decoded (first: unknown address family 99 (IPVS_DEST_ATTR_ADDR_FAMILY))", Assert.Single(logger.Entries).Message);
    }

    [Fact]
    public async Task GetServicesAsync_ServiceWithoutFamily_SkippedWithWarning()
    {
        var logger = new CollectingLogger();
        var socket = Kernel((new[] { ServiceWithoutFamily() }, false));
        using var client = new IpvsClient(new NetlinkConnection(socket), FamilyId, logger);

        var services = await client.GetServicesAsync(CancellationToken.None);

        Assert.Empty(services);
        Assert.Equal("IPVS: get services: dropped 1 of 1 entries the kernel sent, they could not be decoded (first: no IPVS_SVC_ATTR_AF)", Assert.Single(logger.Entries).Message);
    }
}
