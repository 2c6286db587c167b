using System.Net;
using System.Net.Sockets;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Tests.Model;

public class IpvsServiceKeyTests
{
    [Theory]
    [InlineData("TCP 192.0.2.100:80")]
    [InlineData("UDP [2001:db8::1]:53")]
    [InlineData("SCTP 192.0.2.1:9")]
    [InlineData("FWM 7")]
    [InlineData("FWM 7 IPv6")]
    public void TryParse_ToStringOutput_RoundTrips(string text)
    {
        Assert.True(IpvsServiceKey.TryParse(text, out var key));
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("TCP")]
    [InlineData("ICMP 192.0.2.1:1")]
    [InlineData("FWM 0")]
    [InlineData("FWM x")]
    [InlineData("TCP 192.0.2.1:99999")]
    public void TryParse_Garbage_ReturnsFalse(string text)
    {
        Assert.False(IpvsServiceKey.TryParse(text, out _));
    }

    [Fact]
    public void Equality_SameValues_Equal()
    {
        Assert.Equal(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80), IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80));
        Assert.NotEqual(IpvsServiceKey.ForFirewallMark(1), IpvsServiceKey.ForFirewallMark(1, AddressFamily.InterNetworkV6));
        Assert.NotEqual(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80), IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("192.0.2.1"), 80));
    }
}
