using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Netlink;

public class NetlinkAttributeWriterTests
{
    [Fact]
    public void EndMessage_WithPaddedAttributes_FixesLengthAndPadsToFour()
    {
        var w = new NetlinkAttributeWriter();
        w.BeginMessage(0x10, NetlinkMessageFlags.Request, sequence: 1, portId: 0);
        w.WriteFamilyHeader(new byte[] { 3, 2, 0, 0 });
        w.WriteString(2, "IPVS");          // 4 + 5 -> 9, padded to 12
        w.WriteUInt8(7, 0xAB);             // 4 + 1 -> 8
        w.WriteBigEndianUInt16(4, 80);     // 4 + 2 -> 8
        w.EndMessage();

        byte[] expected =
        {
            0x30, 0, 0, 0, 0x10, 0, 0x01, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr, len 48
            3, 2, 0, 0,                                                // genlmsghdr
            0x09, 0, 0x02, 0, (byte)'I', (byte)'P', (byte)'V', (byte)'S', 0, 0, 0, 0,
            0x05, 0, 0x07, 0, 0xAB, 0, 0, 0,
            0x06, 0, 0x04, 0, 0x00, 0x50, 0, 0,
        };
        Assert.Equal(expected, w.ToArray());
        Assert.Equal(1, w.MessageCount);
    }

    [Fact]
    public void EndNested_AfterChildren_SetsNestedLengthAndFlag()
    {
        var w = new NetlinkAttributeWriter();
        w.BeginMessage(0x20, NetlinkMessageFlags.Request);
        var nest = w.BeginNested(1);
        w.WriteUInt16(1, 2);
        w.WriteUInt32(5, 0x01020304);
        w.EndNested(nest);
        w.EndMessage();

        byte[] expected =
        {
            0x24, 0, 0, 0, 0x20, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x14, 0, 0x01, 0x80,            // nested, len 20, NLA_F_NESTED
            0x06, 0, 0x01, 0, 0x02, 0, 0, 0,
            0x08, 0, 0x05, 0, 0x04, 0x03, 0x02, 0x01,
        };
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void WriteUInt64_Value_IsNativeLittleEndian()
    {
        var w = new NetlinkAttributeWriter();
        w.BeginMessage(0x20, NetlinkMessageFlags.None);
        w.WriteUInt64(4, 0x0102030405060708);
        w.EndMessage();
        Assert.Equal(new byte[] { 0x0c, 0, 4, 0, 8, 7, 6, 5, 4, 3, 2, 1 }, w.WrittenSpan[16..].ToArray());
    }

    [Fact]
    public void WriteUInt32_WithoutMessage_Throws()
    {
        var w = new NetlinkAttributeWriter();
        Assert.Throws<InvalidOperationException>(() => w.WriteUInt32(1, 1));
    }

    [Fact]
    public void BeginMessage_Twice_BuildsBatchOfTwo()
    {
        var w = new NetlinkAttributeWriter(16);
        for (int i = 0; i < 2; i++)
        {
            w.BeginMessage(0x20, NetlinkMessageFlags.Request, (uint)i);
            w.WriteUInt32(1, (uint)i);
            w.EndMessage();
        }
        var messages = Fakes.NetlinkReplies.Split(w.ToArray());
        Assert.Equal(2, messages.Count);
        Assert.Equal(1u, messages[1].Header.Sequence);
        Assert.Equal(24u, messages[1].Header.Length);
    }
}
