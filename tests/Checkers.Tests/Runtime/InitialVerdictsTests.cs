using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Runtime;
using LvsDirector.Checkers.Tests.Fakes;
using LvsDirector.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Runtime;

public class InitialVerdictsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly SorryServerOptions Sorry = new() { Address = IPAddress.Parse("192.0.2.99"), Port = 80, Weight = 2 };

    private static RealServerOptions Rs(int host, int weight = 1, bool? alpha = null, bool? inhibit = null, params CheckOptions[] checks) => new()
    {
        Address = IPAddress.Parse($"192.0.2.{host}"),
        Port = 80,
        Weight = weight,
        Alpha = alpha,
        InhibitOnFailure = inhibit,
        Checks = checks.ToEquatableList(),
    };

    private static TcpCheckOptions Tcp(bool? alpha = null) => new() { Alpha = alpha };

    private static CheckerOptions Options(CheckedServiceOptions service) => new() { Services = [service] };

    private static CheckedServiceOptions Service(params RealServerOptions[] realServers) =>
        new() { Name = "vs", RealServers = realServers.ToEquatableList() };

    [Fact]
    public void Compute_NoAlpha_EveryRealServerInTableAtItsWeight()
    {
        var events = InitialVerdicts.Compute(Options(Service(Rs(1, 3, checks: Tcp()), Rs(2))), Now);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(Now, e.Timestamp));
        Assert.Contains(events, e => e is RealServerStateChanged { Alive: true, InTable: true, Weight: 3, Reason: "initial" } rs && rs.RealServer.Port == 80);
        Assert.Contains(events, e => e is RealServerStateChanged { Alive: true, InTable: true, Weight: 1 });
    }

    [Fact]
    public void Compute_AlphaFromServiceServerOrCheck_StartsDownUnlessInhibited()
    {
        var service = Service(Rs(1, checks: Tcp()), Rs(2, alpha: false, checks: Tcp()), Rs(3, alpha: false, checks: Tcp(alpha: true)), Rs(4, inhibit: true, checks: Tcp())) with { Alpha = true };

        var events = InitialVerdicts.Compute(Options(service), Now).Cast<RealServerStateChanged>().ToList();

        Assert.Equal([false, true, false, false], events.Select(e => e.Alive));
        Assert.Equal([false, true, false, true], events.Select(e => e.InTable));
        Assert.Equal([0, 1, 0, 0], events.Select(e => e.Weight));
    }

    [Fact]
    public void Compute_AlphaLosesTheQuorum_SorryServerFirstAndRealServersOut()
    {
        var service = Service(Rs(1, weight: 2, alpha: true, checks: Tcp()), Rs(2)) with { Quorum = 2, SorryServer = Sorry };

        var events = InitialVerdicts.Compute(Options(service), Now);

        var sorry = Assert.IsType<SorryServerStateChanged>(events[0]);
        Assert.True(sorry is { Active: true, InTable: true, Weight: 2 });
        Assert.All(events.Skip(1), e => Assert.False(((RealServerStateChanged)e).InTable));
    }

    [Fact]
    public void Compute_InhibitedSorryServerWithQuorum_InTableAtWeightZeroLast()
    {
        var service = Service(Rs(1)) with { SorryServer = Sorry with { Inhibit = true } };

        var events = InitialVerdicts.Compute(Options(service), Now);

        Assert.IsType<RealServerStateChanged>(events[0]);
        Assert.True(events[1] is SorryServerStateChanged { Active: false, InTable: true, Weight: 0 });
    }

    // The Director programs IPVS from these verdicts before the checkers start: they must be exactly what the
    // service publishes when it starts, for every combination of alpha, inhibit, weights, quorum and sorry server.
    [Fact]
    public async Task Compute_RandomConfigurations_SameEventsAsTheServicePublishesOnStart()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var options = RandomOptions(random);
            await using var service = new CheckerService(new ManualTimeProvider(), NullLoggerFactory.Instance, new FakeHealthCheckFactory(), new FakeScriptRunner(), new Random(1));
            await service.ApplyAsync(options, CancellationToken.None);

            var published = EventLog.Drain(service).Select(e => e with { Timestamp = default });
            var computed = InitialVerdicts.Compute(options, Now).Select(e => e with { Timestamp = default });

            Assert.True(published.SequenceEqual(computed), $"seed {seed}");
        }
    }

    private static CheckerOptions RandomOptions(Random random)
    {
        bool? Maybe() => random.Next(3) switch { 0 => null, 1 => false, _ => true };
        var services = Enumerable.Range(0, random.Next(1, 4)).Select(s => new CheckedServiceOptions
        {
            Name = $"vs{s}",
            Alpha = random.Next(2) == 0,
            InhibitOnFailure = random.Next(2) == 0,
            Quorum = random.Next(1, 8),
            SorryServer = random.Next(3) switch { 0 => null, 1 => Sorry, _ => Sorry with { Inhibit = true } },
            RealServers = Enumerable.Range(1, random.Next(0, 5))
                .Select(h => Rs(h, random.Next(0, 4), Maybe(), Maybe(), Enumerable.Range(0, random.Next(0, 3)).Select(_ => (CheckOptions)Tcp(Maybe())).ToArray()))
                .ToEquatableList(),
        }).Select(s => s with { Hysteresis = random.Next(s.Quorum) });
        return new CheckerOptions { Services = services.ToEquatableList() };
    }
}
