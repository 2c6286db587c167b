using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Netlink;

public class NetlinkMessageHeaderTests
{
    // nlmsghdr: len 0x24, type 0x1c, flags REQUEST|ACK, seq 7, pid 0x1234 — little-endian (x86-64).
    private static readonly byte[] Golden =
    {
        0x24, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x05, 0x00,
        0x07, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00,
    };

    [Fact]
    public void Write_KnownHeader_ProducesGoldenBytes()
    {
        var bytes = new byte[16];
        new NetlinkMessageHeader(0x24, 0x1c, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, 7, 0x1234).Write(bytes);
        Assert.Equal(Golden, bytes);
    }

    [Fact]
    public void TryRead_GoldenBytes_ReturnsFields()
    {
        Assert.True(NetlinkMessageHeader.TryRead(Golden, out var header));
        Assert.Equal(new NetlinkMessageHeader(0x24, 0x1c, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, 7, 0x1234), header);
    }

    [Fact]
    public void TryRead_FifteenBytes_ReturnsFalse()
    {
        Assert.False(NetlinkMessageHeader.TryRead(Golden.AsSpan(0, 15), out _));
    }
}
