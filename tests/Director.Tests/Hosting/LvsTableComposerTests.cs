using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;
using LvsDirector.Hosting;

namespace LvsDirector.Director.Tests.Hosting;

public class LvsTableComposerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static LvsTableComposer Composer() => new(IpvsOptionsBinder.Bind(ConfigTestHelpers.Load("""
        virtual_server 192.0.2.100 80 {
          lb_algo rr
          lb_kind DR
          sorry_server 198.51.100.99 8080
          real_server 198.51.100.1 80 { weight 2 }
          real_server 198.51.100.2 80 { weight 3 }
        }
        """).Model));

    private static RealServerKey Rs(int n) => new(IPAddress.Parse($"198.51.100.{n}"), 80);

    [Fact]
    public void Compose_NoVerdictsYet_AllConfiguredRealServersAtConfiguredWeight()
    {
        var service = Assert.Single(Composer().Compose().Services);
        Assert.Equal(new[] { 2, 3 }, service.RealServers.Select(r => r.Weight));
    }

    [Fact]
    public void Compose_RealServerDownAndInhibited_RemovedOrWeightZero()
    {
        var composer = Composer();
        Assert.True(composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(1), false, false, 0, true, "connect refused")));
        Assert.True(composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(2), false, true, 0, true, "timeout")));
        var service = Assert.Single(composer.Compose().Services);
        var only = Assert.Single(service.RealServers);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), only.Address);
        Assert.Equal(0, only.Weight);
        Assert.False(composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(2), false, true, 0, false, "timeout")));
    }

    [Fact]
    public void Compose_SorryServerActive_AddedAndRemovedWhenInactive()
    {
        var composer = Composer();
        composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(1), false, false, 0, true, "down"));
        composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(2), false, false, 0, true, "down"));
        composer.Apply(new SorryServerStateChanged("192.0.2.100:80/TCP", Now, new RealServerKey(IPAddress.Parse("198.51.100.99"), 8080), true, true, 1));
        var sorry = Assert.Single(Assert.Single(composer.Compose().Services).RealServers);
        Assert.Equal(8080, sorry.Port);
        composer.Apply(new SorryServerStateChanged("192.0.2.100:80/TCP", Now, new RealServerKey(IPAddress.Parse("198.51.100.99"), 8080), false, false, 1));
        composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(1), true, true, 2, true, "up"));
        var back = Assert.Single(Assert.Single(composer.Compose().Services).RealServers);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), back.Address);
    }
}
