using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;
using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;
using LvsDirector.Hosting;
using LvsDirector.Ipvs.Configuration;

namespace LvsDirector.Director.Tests.Hosting;

public class LvsTableComposerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private const string Service = "192.0.2.100:80/TCP";

    private static LvsTableComposer Composer() => new(Binding((1, 2), (2, 3)));

    /// <summary>The virtual server with real servers 198.51.100.<c>Server</c> at their weights.</summary>
    private static LvsBinding Binding(params (int Server, int Weight)[] realServers) => IpvsOptionsBinder.Bind(ConfigTestHelpers.Load($$"""
        virtual_server 192.0.2.100 80 {
          protocol TCP
          lb_algo rr
          lb_kind DR
          sorry_server 198.51.100.99 8080
        {{string.Join("\n", realServers.Select(r => $"  real_server 198.51.100.{r.Server} 80 {{ weight {r.Weight} }}"))}}
        }
        """).Model);

    /// <summary>The last address byte of each real server in the table.</summary>
    private static int[] Servers(IpvsOptions table) => Assert.Single(table.Services).RealServers.Select(r => (int)r.Address.GetAddressBytes()[3]).ToArray();

    private static RealServerStateChanged Verdict(int server, bool alive, int weight) => new(Service, Now, Rs(server), alive, alive, weight, false, "test");

    private static RealServerKey Rs(int n) => new(IPAddress.Parse($"198.51.100.{n}"), 80);

    [Fact]
    public void Compose_DrAndTunRealServersWithOtherPorts_DestinationsTakeTheServicePortAndVerdictsStillApply()
    {
        var composer = new LvsTableComposer(IpvsOptionsBinder.Bind(ConfigTestHelpers.Load("""
            virtual_server 192.0.2.100 80 {
              protocol TCP
              lb_algo rr
              lb_kind DR
              real_server 198.51.100.1 8080 { }
              real_server 198.51.100.2 81 { lvs_method TUN }
              real_server 198.51.100.3 8080 { lvs_method NAT }
            }
            virtual_server fwmark 5 {
              lb_algo rr
              lb_kind DR
              real_server 198.51.100.4 80 { }
            }
            """).Model));

        var table = composer.Compose().Services.ToDictionary(s => s.Key.ToString());
        Assert.Equal(["198.51.100.1:80", "198.51.100.2:80", "198.51.100.3:8080"],
            table["TCP 192.0.2.100:80"].RealServers.Select(r => $"{r.Address}:{r.Port}"));
        Assert.Equal(0, Assert.Single(table["FWM 5"].RealServers).Port);

        // The checker names the real server by the port written.
        composer.Apply(new RealServerStateChanged(Service, Now, new RealServerKey(IPAddress.Parse("198.51.100.1"), 8080), false, false, 0, false, "test"));
        Assert.Equal(["198.51.100.2:80", "198.51.100.3:8080"],
            composer.Compose().Services.Single(s => s.Key.ToString() == "TCP 192.0.2.100:80").RealServers.Select(r => $"{r.Address}:{r.Port}"));
    }

    [Fact]
    public void Compose_TwoRealServersBecomingOneDestination_OneEntryAtTheLargerWeight()
    {
        var composer = new LvsTableComposer(IpvsOptionsBinder.Bind(ConfigTestHelpers.Load("""
            virtual_server 192.0.2.100 80 {
              protocol TCP
              lb_algo rr
              lb_kind DR
              inhibit_on_failure
              real_server 198.51.100.1 8080 { weight 2 }
              real_server 198.51.100.1 80 { weight 5 }
            }
            """).Model));
        Assert.Equal(["198.51.100.1:80 w5"], Assert.Single(composer.Compose().Services).RealServers.Select(r => $"{r.Address}:{r.Port} w{r.Weight}"));

        // The one written on port 80 is inhibited (weight 0): the live one still gives the destination its weight.
        composer.Apply(new RealServerStateChanged(Service, Now, new RealServerKey(IPAddress.Parse("198.51.100.1"), 80), false, true, 0, false, "test"));
        var table = composer.Compose();
        Assert.Equal(["198.51.100.1:80 w2"], Assert.Single(table.Services).RealServers.Select(r => $"{r.Address}:{r.Port} w{r.Weight}"));
        Assert.Empty(LvsDirector.Ipvs.Configuration.IpvsOptionsValidator.Validate(table));
    }

    [Fact]
    public void Compose_DrSorryServerOnAnotherPort_TheServicePort()
    {
        var composer = new LvsTableComposer(IpvsOptionsBinder.Bind(ConfigTestHelpers.Load("""
            virtual_server 192.0.2.100 80 {
              protocol TCP
              lb_algo rr
              lb_kind DR
              sorry_server 198.51.100.9 8080
              real_server 198.51.100.1 80 { }
            }
            """).Model));
        composer.Apply(new RealServerStateChanged(Service, Now, Rs(1), false, false, 0, false, "test"));
        composer.Apply(new SorryServerStateChanged(Service, Now, new RealServerKey(IPAddress.Parse("198.51.100.9"), 8080), true, true, 1));

        Assert.Equal(["198.51.100.9:80"], Assert.Single(composer.Compose().Services).RealServers.Select(r => $"{r.Address}:{r.Port}"));
    }

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
        Assert.Equal(80, sorry.Port); // DR keeps the virtual port: keepalived resets the sorry server's 8080
        composer.Apply(new SorryServerStateChanged("192.0.2.100:80/TCP", Now, new RealServerKey(IPAddress.Parse("198.51.100.99"), 8080), false, false, 1));
        composer.Apply(new RealServerStateChanged("192.0.2.100:80/TCP", Now, Rs(1), true, true, 2, true, "up"));
        var back = Assert.Single(Assert.Single(composer.Compose().Services).RealServers);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), back.Address);
    }

    // keepalived's init_service_vs adds a sorry server with sorry_server_inhibit at weight 0 while it is not
    // needed; when the quorum is lost it gets its weight, and back at weight 0 when the quorum returns.
    [Fact]
    public void Compose_InhibitedSorryServerInactive_InTableAtWeightZeroThenActive()
    {
        var composer = Composer();
        var sorryKey = new RealServerKey(IPAddress.Parse("198.51.100.99"), 8080);
        Assert.True(composer.Apply(new SorryServerStateChanged(Service, Now, sorryKey, false, true, 0)));
        var reals = Assert.Single(composer.Compose().Services).RealServers;
        Assert.Equal([(1, 2), (2, 3), (99, 0)], reals.Select(r => ((int)r.Address.GetAddressBytes()[3], r.Weight)));
        Assert.Equal(80, reals[2].Port); // DR: the virtual port, as keepalived

        composer.Apply(Verdict(1, alive: false, weight: 0));
        composer.Apply(Verdict(2, alive: false, weight: 0));
        Assert.True(composer.Apply(new SorryServerStateChanged(Service, Now, sorryKey, true, true, 1)));
        var sorry = Assert.Single(Assert.Single(composer.Compose().Services).RealServers);
        Assert.Equal((99, 1), ((int)sorry.Address.GetAddressBytes()[3], sorry.Weight));

        composer.Apply(Verdict(1, alive: true, weight: 2));
        Assert.True(composer.Apply(new SorryServerStateChanged(Service, Now, sorryKey, false, true, 0)));
        Assert.Equal([(1, 2), (99, 0)], Assert.Single(composer.Compose().Services).RealServers.Select(r => ((int)r.Address.GetAddressBytes()[3], r.Weight)));
    }

    // The first table the host composes: the initial verdicts of a configuration with sorry_server_inhibit.
    [Theory]
    [InlineData("", new[] { 1, 2, 99 }, new[] { 2, 3, 0 })]
    [InlineData("quorum 10", new[] { 99 }, new[] { 1 })]
    public void Compose_InitialVerdictsWithSorryServerInhibit_SorryServerAtWeightZeroUnlessNeeded(string quorum, int[] servers, int[] weights)
    {
        var config = ConfigTestHelpers.Load($$"""
            virtual_server 192.0.2.100 80 {
              protocol TCP
              lb_algo rr
              lb_kind DR
              {{quorum}}
              sorry_server 198.51.100.99 8080
              sorry_server_inhibit
              real_server 198.51.100.1 80 { weight 2 }
              real_server 198.51.100.2 80 { weight 3 }
            }
            """);
        var composer = new LvsTableComposer(IpvsOptionsBinder.Bind(config.Model));
        foreach (var initial in InitialVerdicts.Compute(CheckerOptionsBinder.Bind(config.Model), Now)) composer.Apply(initial);

        var reals = Assert.Single(composer.Compose().Services).RealServers;
        Assert.Equal(servers, reals.Select(r => (int)r.Address.GetAddressBytes()[3]));
        Assert.Equal(weights, reals.Select(r => r.Weight));
    }

    // A sorry server that is also one of the real servers is that real server's entry, never a second one.
    [Fact]
    public void Compose_InhibitedSorryServerIsARealServer_OneEntry()
    {
        var bound = IpvsOptionsBinder.Bind(ConfigTestHelpers.Load("""
            virtual_server 192.0.2.100 80 {
              protocol TCP
              lb_algo rr
              lb_kind DR
              sorry_server 198.51.100.1 80
              sorry_server_inhibit
              real_server 198.51.100.1 80 { weight 2 }
            }
            """).Model);
        var composer = new LvsTableComposer(bound);
        Assert.True(composer.Apply(new SorryServerStateChanged(Service, Now, Rs(1), false, true, 0)));
        var only = Assert.Single(Assert.Single(composer.Compose().Services).RealServers);
        Assert.Equal(2, only.Weight);
    }

    // The host folds the initial verdicts in before the first table; the checkers publish the same ones when they
    // start, which must not cost a reconcile of the whole table.
    [Fact]
    public void Apply_SameVerdictsAgain_ReportsNoChange()
    {
        var composer = Composer();
        var sorry = new SorryServerStateChanged("192.0.2.100:80/TCP", Now, new RealServerKey(IPAddress.Parse("198.51.100.99"), 8080), true, true, 1);
        Assert.True(composer.Apply(Verdict(1, true, 7)));
        Assert.True(composer.Apply(sorry));

        Assert.False(composer.Apply(Verdict(1, true, 7) with { Timestamp = Now.AddSeconds(5) }));
        Assert.False(composer.Apply(sorry with { Timestamp = Now.AddSeconds(5) }));
        Assert.True(composer.Apply(sorry with { Active = false, InTable = false }));
    }

    // The host folds in only the initial verdicts that differ from that assumption; the checkers' own first
    // verdicts equal to it must not cost a reconcile either.
    [Fact]
    public void Apply_FirstVerdictAsAssumed_ReportsNoChangeOtherwiseChange()
    {
        var composer = Composer();
        var before = composer.Compose();

        Assert.False(composer.Apply(Verdict(1, true, 2)));
        Assert.True(composer.Apply(Verdict(2, true, 5)));
        Assert.Equal(before.Services[0].RealServers[0], composer.Compose().Services[0].RealServers[0]);
        Assert.True(composer.Apply(Verdict(1, false, 0)));
        Assert.Equal([2], Servers(composer.Compose()));
    }

    [Fact]
    public void Update_RealServerAddedByReload_OutOfTableUntilItsFirstVerdict()
    {
        var composer = Composer();
        composer.Update(Binding((1, 2), (2, 3), (3, 4)));

        // The table writer composing before the event pump delivered the new server's (alpha: down) verdict.
        Assert.Equal([1, 2], Servers(composer.Compose()));
        Assert.True(composer.Apply(Verdict(3, alive: false, weight: 0)));
        Assert.Equal([1, 2], Servers(composer.Compose()));
        Assert.True(composer.Apply(Verdict(3, alive: true, weight: 4)));
        Assert.Equal([1, 2, 3], Servers(composer.Compose()));
    }

    [Fact]
    public void Update_NewServerFirstVerdictInTable_ReportsTableChanged()
    {
        var composer = Composer();
        composer.Update(Binding((1, 2), (3, 4)));

        Assert.True(composer.Apply(Verdict(3, alive: true, weight: 4)));
        Assert.Equal([1, 3], Servers(composer.Compose()));
    }

    [Fact]
    public void Update_RealServerRemovedThenAddedBack_OldVerdictForgotten()
    {
        var composer = Composer();
        composer.Apply(Verdict(2, alive: true, weight: 3));
        composer.Update(Binding((1, 2)));
        composer.Update(Binding((1, 2), (2, 3)));

        Assert.Equal([1], Servers(composer.Compose()));
    }

    [Fact]
    public void Update_UnchangedRealServerWithoutVerdict_StaysInTable()
    {
        var composer = Composer();
        composer.Update(Binding((1, 2), (2, 5)));

        Assert.Equal([2, 5], Assert.Single(composer.Compose().Services).RealServers.Select(r => r.Weight));
    }
}
