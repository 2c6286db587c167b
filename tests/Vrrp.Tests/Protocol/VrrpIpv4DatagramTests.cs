using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Protocol;

public class VrrpIpv4DatagramTests
{
    private static byte[] Header(byte protocol, int payloadLength, byte ttl = 255) =>
    [
        0x45, 0xc0, 0, (byte)(20 + payloadLength), 0, 1, 0, 0, ttl, protocol, 0, 0,
        192, 0, 2, 11, 224, 0, 0, 18,
    ];

    [Fact]
    public void TryUnwrap_AuthenticationHeaderBeforeVrrp_SkipsAndReportsIt()
    {
        // AH: next header 112, payload len 4 (24 octets: 12 fixed + HMAC-MD5-96 ICV).
        byte[] ah = [112, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9, .. new byte[12]];
        byte[] vrrp = new byte[20];
        byte[] datagram = [.. Header(51, ah.Length + vrrp.Length), .. ah, .. vrrp];

        var status = VrrpIpv4Datagram.TryUnwrap(datagram, out var header, out var offset, out var length, out var ahLength);

        Assert.Equal(VrrpIpv4DatagramStatus.Success, status);
        Assert.Equal(51, header.Protocol);
        Assert.Equal(24, ahLength);
        Assert.Equal(44, offset);
        Assert.Equal(20, length);
    }

    [Fact]
    public void TryUnwrap_AuthenticationHeaderCarryingOtherProtocol_NotVrrp()
    {
        byte[] ah = [6, 4, 0, 0, .. new byte[20]];
        byte[] datagram = [.. Header(51, ah.Length), .. ah];
        Assert.Equal(VrrpIpv4DatagramStatus.NotVrrp, VrrpIpv4Datagram.TryUnwrap(datagram, out _, out _, out _, out _));
    }

    [Fact]
    public void TryUnwrap_TotalLengthBeyondBuffer_Truncated()
    {
        byte[] datagram = [.. Header(112, 20), .. new byte[10]];
        Assert.Equal(VrrpIpv4DatagramStatus.Truncated, VrrpIpv4Datagram.TryUnwrap(datagram, out _, out _, out _, out _));
    }

    [Fact]
    public void TryUnwrap_Ipv6VersionNibble_InvalidHeader()
    {
        byte[] datagram = [.. Header(112, 0)];
        datagram[0] = 0x65;
        Assert.Equal(VrrpIpv4DatagramStatus.InvalidHeader, VrrpIpv4Datagram.TryUnwrap(datagram, out _, out _, out _, out _));
    }

    [Fact]
    public void TryUnwrap_Udp_NotVrrp()
    {
        byte[] datagram = [.. Header(17, 8), .. new byte[8]];
        Assert.Equal(VrrpIpv4DatagramStatus.NotVrrp, VrrpIpv4Datagram.TryUnwrap(datagram, out _, out _, out _, out _));
    }

    [Fact]
    public void TryUnwrap_WrongTtl_ReportedNotRejected()
    {
        byte[] datagram = [.. Header(112, 8, ttl: 64), .. new byte[8]];
        Assert.Equal(VrrpIpv4DatagramStatus.Success, VrrpIpv4Datagram.TryUnwrap(datagram, out var header, out _, out _, out _));
        Assert.Equal(64, header.TimeToLive);
    }
}
