using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Health;

namespace LvsDirector.Checkers.Runtime;

/// <summary>
/// The verdicts <see cref="CheckerService.ApplyAsync"/> publishes first for a new service, computed from the
/// options alone, without starting a check: a real server is alive unless one of its checks has <c>alpha</c>
/// (keepalived's initial state), the quorum follows from the live weights, the sorry server is active without it.
/// The Director programs IPVS from these before it starts 100,000 checks, as keepalived programs its table
/// before its checkers run; the service publishes the same events when it starts.
/// </summary>
public static class InitialVerdicts
{
    /// <summary>The events, in the order the service publishes them: an active sorry server first, then every real server, then an inhibited sorry server.</summary>
    public static IReadOnlyList<CheckerEvent> Compute(CheckerOptions options, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(options);
        var events = new List<CheckerEvent>();
        foreach (var service in options.Services) AddService(events, options, service, timestamp);
        return events;
    }

    private static void AddService(List<CheckerEvent> events, CheckerOptions global, CheckedServiceOptions service, DateTimeOffset timestamp)
    {
        var alive = new bool[service.RealServers.Count];
        long aliveWeight = 0;
        for (int i = 0; i < alive.Length; i++)
        {
            var rs = service.RealServers[i];
            alive[i] = rs.Checks.All(c => !ResolvedCheck.Resolve(c, rs, service, global).Alpha);
            if (alive[i]) aliveWeight += InitialWeight(rs);
        }
        var sorry = service.SorryServer;
        var sorryActive = sorry is not null && !QuorumEvaluator.Initial(aliveWeight, service.Quorum);
        if (sorryActive) events.Add(new SorryServerStateChanged(service.Name, timestamp, sorry!.Key, true, true, sorry.Weight));
        for (int i = 0; i < alive.Length; i++)
        {
            var rs = service.RealServers[i];
            var (inTable, weight) = RealServerPresence.Of(sorryActive, alive[i], rs.InhibitOnFailure ?? service.InhibitOnFailure, InitialWeight(rs));
            events.Add(new RealServerStateChanged(service.Name, timestamp, rs.Key, alive[i], inTable, weight, false, "initial"));
        }
        if (sorry is { Inhibit: true } && !sorryActive) events.Add(new SorryServerStateChanged(service.Name, timestamp, sorry.Key, false, true, 0));
    }

    // No check has reported yet: no misc_dynamic weight, no FILE_CHECK delta.
    private static int InitialWeight(RealServerOptions rs) => RealServerHealth.Weight(rs.Weight, []);
}
