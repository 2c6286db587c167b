using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Netlink;

public class NetlinkAttributeReaderTests
{
    [Fact]
    public void MoveNext_NestedFlagSet_MasksTypeAndReadsChildren()
    {
        byte[] bytes = { 0x0c, 0, 0x01, 0x80, 0x08, 0, 0x05, 0, 0x2a, 0, 0, 0 };
        var reader = new NetlinkAttributeReader(bytes);
        Assert.True(reader.MoveNext());
        Assert.Equal(1, reader.Current.Type);
        Assert.True(reader.Current.IsNestedFlagSet);
        var nested = reader.Current.Nested;
        Assert.True(nested.MoveNext());
        Assert.Equal(5, nested.Current.Type);
        Assert.True(nested.Current.TryGetUInt32(out var v));
        Assert.Equal(42u, v);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Theory]
    [InlineData(new byte[] { 0x03, 0, 1, 0 })]              // nla_len below the header
    [InlineData(new byte[] { 0x10, 0, 1, 0, 1, 2, 3, 4 })]  // nla_len beyond the data
    [InlineData(new byte[] { 0x08, 0 })]                    // half a header
    public void MoveNext_MalformedLength_StopsAndFlags(byte[] bytes)
    {
        var reader = new NetlinkAttributeReader(bytes);
        Assert.False(reader.MoveNext());
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void TryGetUInt32_ShortPayload_ReturnsFalse()
    {
        byte[] bytes = { 0x06, 0, 1, 0, 1, 2, 0, 0 };
        Assert.True(NetlinkAttributeReader.TryFind(bytes, 1, out var attribute));
        Assert.False(attribute.TryGetUInt32(out _));
        Assert.True(attribute.TryGetUInt16(out var u16));
        Assert.Equal(0x0201, u16);
    }

    [Fact]
    public void GetString_WithoutNul_ReturnsWholePayload()
    {
        byte[] bytes = { 0x07, 0, 1, 0, (byte)'r', (byte)'r', (byte)'x', 0 };
        Assert.True(NetlinkAttributeReader.TryFind(bytes, 1, out var attribute));
        Assert.Equal("rrx", attribute.GetString());
    }

    [Fact]
    public void Enumerate_ArbitraryBytes_NeverThrows()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            int count = 0;
            var reader = new NetlinkAttributeReader(bytes ?? Array.Empty<byte>());
            while (reader.MoveNext())
            {
                var a = reader.Current;
                a.TryGetUInt64(out _);
                a.TryGetBigEndianUInt16(out _);
                _ = a.GetString();
                foreach (var child in a.Nested) { child.TryGetUInt32(out _); }
                count++;
            }
            return count <= (bytes?.Length ?? 0) / 4;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WriterThenReader_ArbitraryAttributes_RoundTrip()
    {
        Prop.ForAll<(ushort Type, byte[] Payload)[]>(attributes =>
        {
            attributes ??= Array.Empty<(ushort, byte[])>();
            var items = attributes.Select(a => ((ushort)(a.Type & 0x3FFF), (a.Payload ?? Array.Empty<byte>()).Take(1000).ToArray())).ToArray();
            var w = new NetlinkAttributeWriter();
            w.BeginMessage(0x20, NetlinkMessageFlags.Request);
            foreach (var (type, payload) in items) w.WriteBytes(type, payload);
            w.EndMessage();
            var messages = Fakes.NetlinkReplies.Split(w.ToArray());
            if (messages.Count != 1) return false;
            var read = new List<(ushort, byte[])>();
            foreach (var a in new NetlinkAttributeReader(messages[0].Payload)) read.Add((a.Type, a.Payload.ToArray()));
            return read.Count == items.Length && read.Zip(items).All(p => p.First.Item1 == p.Second.Item1 && p.First.Item2.SequenceEqual(p.Second.Item2));
        }).QuickCheckThrowOnFailure();
    }
}
