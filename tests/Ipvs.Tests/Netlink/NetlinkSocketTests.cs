using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Netlink;

/// <summary>The real socket against the host kernel: generic netlink needs no privilege to resolve families.</summary>
public class NetlinkSocketTests
{
    [Fact]
    public async Task ResolveAsync_Nlctrl_ReturnsFixedControllerId()
    {
        using var connection = new NetlinkConnection(NetlinkSocket.Open(NetlinkProtocol.Generic));
        Assert.NotEqual(0u, connection.Socket.PortId);

        var family = await GenericNetlinkFamily.ResolveAsync(connection, "nlctrl", CancellationToken.None);

        Assert.Equal(GenericNetlinkController.FamilyId, family.Id);
        Assert.Equal("nlctrl", family.Name);
    }

    [Fact]
    public async Task ResolveAsync_UnknownFamily_ThrowsEnoentNamingFamily()
    {
        using var connection = new NetlinkConnection(NetlinkSocket.Open(NetlinkProtocol.Generic));

        var e = await Assert.ThrowsAsync<NetlinkException>(() => GenericNetlinkFamily.ResolveAsync(connection, "NOSUCHFAM", CancellationToken.None));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Contains("resolve generic netlink family NOSUCHFAM", e.Message);
    }

    [Fact]
    public async Task DumpAsync_AllFamilies_ListsNlctrl()
    {
        using var connection = new NetlinkConnection(NetlinkSocket.Open(NetlinkProtocol.Generic));
        var w = new NetlinkAttributeWriter();
        w.BeginGenericMessage(GenericNetlinkController.FamilyId, GenericNetlinkController.CommandGetFamily, GenericNetlinkController.Version);
        w.EndMessage();

        var messages = await connection.DumpAsync(w.ToArray(), "dump families", CancellationToken.None);

        var names = messages.Select(m => GenericNetlinkFamily.TryDecode(m.Payload.Span, out var f) ? f!.Name : null).ToList();
        Assert.Contains("nlctrl", names);
    }
}
