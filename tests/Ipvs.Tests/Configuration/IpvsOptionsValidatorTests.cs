using System.Net;
using System.Net.Sockets;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Tests.Configuration;

public class IpvsOptionsValidatorTests
{
    private static readonly IpvsServiceKey Web = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80);

    private static IReadOnlyList<IpvsOptionsError> Validate(VirtualServiceOptions service) =>
        IpvsOptionsValidator.Validate(new IpvsOptions { Services = new[] { service } });

    [Fact]
    public void Validate_GoodOptions_NoErrors()
    {
        var options = new IpvsOptions
        {
            Services = new[]
            {
                new VirtualServiceOptions
                {
                    Key = Web, Scheduler = "sh", Flags = IpvsServiceFlags.ShFallback, PersistenceTimeoutSeconds = 300, PersistenceNetmask = 0xFFFFFF00, PersistenceEngine = "sip",
                    RealServers = new[]
                    {
                        new RealServerOptions { Address = IPAddress.Parse("198.51.100.11"), Port = 80 },
                        new RealServerOptions { Address = IPAddress.Parse("2001:db8::11"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080, TunnelFlags = IpvsTunnelFlags.RemoteChecksum },
                    },
                },
            },
            SyncDaemons = new[] { new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "eth0", SyncId = 1, Group = IPAddress.Parse("224.0.0.81") } },
            Timeouts = new IpvsTimeouts(900, 120, 300),
        };
        Assert.Empty(IpvsOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneWithPath()
    {
        var errors = Validate(new VirtualServiceOptions
        {
            Key = Web,
            Scheduler = "fastest",
            Flags = IpvsServiceFlags.ShPort,
            PersistenceNetmask = 0xFF00FF00,
            PersistenceEngine = "http",
            RealServers = new[]
            {
                new RealServerOptions { Address = IPAddress.Parse("198.51.100.11"), Port = 80, Weight = -2, UpperThreshold = 5, LowerThreshold = 9 },
                new RealServerOptions { Address = IPAddress.Parse("198.51.100.11"), Port = 80 },
                new RealServerOptions { Address = IPAddress.Parse("2001:db8::1"), Port = 80 },
                new RealServerOptions { Address = IPAddress.Parse("198.51.100.12"), Port = 80, TunnelType = IpvsTunnelType.Gre },
                new RealServerOptions { Address = IPAddress.Parse("198.51.100.13"), Port = 80, ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gue },
            },
        });

        var paths = errors.Select(e => e.Path).ToList();
        const string p = "services[TCP 192.0.2.100:80]";
        Assert.Contains(p + ".lb_algo", paths);
        Assert.Contains(p + ".flags", paths);
        Assert.Contains(p + ".persistence_granularity", paths);
        Assert.Equal(2, paths.Count(x => x == p + ".persistence_engine"));
        Assert.Contains(p + ".real_servers[198.51.100.11:80].weight", paths);
        Assert.Contains(p + ".real_servers[198.51.100.11:80].lower_threshold", paths);
        Assert.Contains(p + ".real_servers[198.51.100.11:80]", paths);
        Assert.Contains(p + ".real_servers[[2001:db8::1]:80]", paths);
        Assert.Contains(p + ".real_servers[198.51.100.12:80].tunnel", paths);
        Assert.Contains(p + ".real_servers[198.51.100.13:80].tunnel_port", paths);
    }

    [Fact]
    public void Validate_PortZeroNotPersistent_Rejected()
    {
        var errors = Validate(new VirtualServiceOptions { Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 0) });
        Assert.Equal("services[TCP 192.0.2.1:0].port", Assert.Single(errors).Path);
    }

    [Fact]
    public void Validate_Ipv6PrefixOutOfRange_Rejected()
    {
        var errors = Validate(new VirtualServiceOptions { Key = IpvsServiceKey.ForFirewallMark(5, AddressFamily.InterNetworkV6), PersistenceTimeoutSeconds = 60, PersistenceNetmask = 129 });
        Assert.Equal("services[FWM 5 IPv6].persistence_granularity", Assert.Single(errors).Path);
    }

    [Fact]
    public void Validate_BadSyncDaemonAndTimeouts_Rejected()
    {
        var errors = IpvsOptionsValidator.Validate(new IpvsOptions
        {
            SyncDaemons = new[]
            {
                new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "an-interface-name-too-long", SyncId = 300, Group = IPAddress.Parse("192.0.2.1") },
                new IpvsSyncDaemon { State = IpvsSyncDaemonState.Master, Interface = "eth0" },
            },
            Timeouts = new IpvsTimeouts(uint.MaxValue, 0, 0),
        });
        Assert.Equal(new[] { "sync_daemons[0].interface", "sync_daemons[0].syncid", "sync_daemons[0].group", "sync_daemons[1].state", "timeouts.tcp" }, errors.Select(e => e.Path));
    }

    [Fact]
    public void Options_EqualContent_AreEqualAndEachPropertyMatters()
    {
        VirtualServiceOptions Make() => new() { Key = Web, RealServers = new[] { new RealServerOptions { Address = IPAddress.Parse("198.51.100.11"), Port = 80 } } };
        var a = new IpvsOptions { Services = new[] { Make() } };
        var b = new IpvsOptions { Services = new[] { Make() } };
        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { FlushOnStop = true });
        Assert.NotEqual(a, b with { Services = new[] { Make() with { Scheduler = "rr" } } });
        Assert.NotEqual(a, b with { Services = new[] { Make() with { RealServers = new[] { new RealServerOptions { Address = IPAddress.Parse("198.51.100.11"), Port = 80, Weight = 2 } } } } });
    }

    [Fact]
    public void ToService_PersistenceTimeout_SetsPersistentFlagAndDefaultNetmask()
    {
        var service = new VirtualServiceOptions { Key = Web, Scheduler = "rr", PersistenceTimeoutSeconds = 60 }.ToService();
        Assert.Equal(IpvsServiceFlags.Persistent, service.Flags);
        Assert.Equal(60u, service.TimeoutSeconds);
        Assert.Equal(0xFFFFFFFFu, service.Netmask);
        var v6 = new VirtualServiceOptions { Key = IpvsServiceKey.ForFirewallMark(1, AddressFamily.InterNetworkV6) }.ToService();
        Assert.Equal(128u, v6.Netmask);
    }
}
