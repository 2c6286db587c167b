using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Events;
using LvsDirector.Checkers.Health;

namespace LvsDirector.Checkers.Runtime;

public sealed partial class CheckerService
{
    /// <summary>Applies one probe result (under the service gate) and returns when to probe next.</summary>
    private TimeSpan OnProbeCompleted(CheckedServiceState service, RealServerState rs, CheckSlot slot, CheckResult result)
    {
        lock (service.Gate)
        {
            var resolved = slot.Resolved;
            // Suspended (ha_suspend): a result in flight when the suspension began changes nothing.
            if (slot.Stopped || service.Stopped || service.Suspended) return resolved.DelayLoop;
            var step = slot.Health.Apply(result, resolved.Retry, resolved.DelayLoop, resolved.DelayBeforeRetry);
            // Formatted only for a line that is logged: most results change nothing.
            if (!result.Success)
            {
                if (step.Retrying)
                    Log.CheckRetrying(_logger, slot.Name, rs.Options.Key.ToString(), service.Options.Name, slot.Health.FailedAttempts, resolved.Retry, resolved.DelayBeforeRetry.TotalSeconds, result.Reason);
                else if (step.StateChanged)
                    Log.CheckFailed(_logger, slot.Name, rs.Options.Key.ToString(), service.Options.Name, resolved.Retry, result.Reason);
                else if (resolved.LogAllFailures)
                    Log.CheckAttemptFailed(_logger, slot.Name, rs.Options.Key.ToString(), service.Options.Name, result.Reason);
            }
            else if (step.StateChanged)
            {
                Log.CheckSucceeded(_logger, slot.Name, rs.Options.Key.ToString(), service.Options.Name, result.Latency.TotalMilliseconds);
            }

            if (result.Success && result.Warning != slot.LastWarning)
            {
                slot.LastWarning = result.Warning;
                if (result.Warning is { } warning)
                {
                    Log.CheckWarning(_logger, slot.Name, rs.Options.Key.ToString(), service.Options.Name, warning);
                    Publish(new CheckWarning(service.Options.Name, _timeProvider.GetUtcNow(), rs.Options.Key, resolved.Kind, warning));
                }
            }

            if (step.StateChanged) rs.LastReason = result.Success ? $"{slot.Name} succeeded" : result.Reason;
            if (step.StateChanged || step.WeightChanged) Evaluate(service, rs);
            return step.NextDelay;
        }
    }

    /// <summary>
    /// Recomputes (under the service gate) every real server's health and weight, the quorum and the sorry server,
    /// publishes what changed and queues the scripts. Ordering keeps traffic flowing: the sorry server is added
    /// before real servers are removed, and real servers are re-added before it is removed.
    /// </summary>
    private void Evaluate(CheckedServiceState service, RealServerState? cause)
    {
        var now = _timeProvider.GetUtcNow();
        var options = service.Options;
        long aliveWeight = 0;
        var transitions = new List<RealServerState>();
        foreach (var rs in service.RealServers.Values)
        {
            var healths = rs.Checks.Select(c => c.Health).ToList();
            var alive = RealServerHealth.IsAlive(healths);
            rs.TargetWeight = RealServerHealth.Weight(rs.Options.Weight, healths);
            if (rs.Published && alive != rs.Alive)
            {
                transitions.Add(rs);
                if (alive) StartRamp(service, rs);
                else rs.StopRamp();
                if (rs != cause && !alive) rs.LastReason = "checks failed";
                if (rs != cause && alive) rs.LastReason = "checks passed";
            }
            rs.Alive = alive;
            if (alive) aliveWeight += rs.TargetWeight;
        }
        service.AliveWeight = aliveWeight;

        var quorumChanged = false;
        if (!service.Initialized)
        {
            service.QuorumUp = QuorumEvaluator.Initial(aliveWeight, options.Quorum);
            service.Initialized = true;
        }
        else
        {
            var up = QuorumEvaluator.Next(service.QuorumUp, aliveWeight, options.Quorum, options.Hysteresis);
            quorumChanged = up != service.QuorumUp;
            service.QuorumUp = up;
        }
        if (quorumChanged)
        {
            if (service.QuorumUp) Log.QuorumGained(_logger, options.Quorum, options.Hysteresis, options.Quorum + options.Hysteresis, aliveWeight, options.Name);
            else Log.QuorumLost(_logger, options.Quorum, options.Hysteresis, options.Quorum - options.Hysteresis, aliveWeight, options.Name);
            Publish(new QuorumStateChanged(options.Name, now, service.QuorumUp, aliveWeight, options.Quorum, options.Hysteresis));
        }

        var sorry = options.SorryServer;
        var sorryActive = sorry is not null && !service.QuorumUp;
        SorryServerStateChanged? sorryEvent = null;
        if (sorry is null)
        {
            if (service.SorryKey is { } oldKey && (service.SorryInTable || service.SorryActive))
                sorryEvent = new SorryServerStateChanged(options.Name, now, oldKey, false, false, 0);
            service.SorryKey = null;
            service.SorryActive = service.SorryInTable = false;
            service.SorryWeight = 0;
        }
        else
        {
            var inTable = sorryActive || sorry.Inhibit;
            var weight = sorryActive ? sorry.Weight : 0;
            if (service.SorryKey != sorry.Key && service.SorryKey is { } oldKey && service.SorryInTable)
                Publish(new SorryServerStateChanged(options.Name, now, oldKey, false, false, 0));
            // First report: only when there is something to install.
            var firstReport = service.SorryKey is null;
            if (firstReport ? inTable : service.SorryKey != sorry.Key || service.SorryActive != sorryActive || service.SorryInTable != inTable || service.SorryWeight != weight)
                sorryEvent = new SorryServerStateChanged(options.Name, now, sorry.Key, sorryActive, inTable, weight);
            if (service.SorryActive != sorryActive)
            {
                if (sorryActive) Log.SorryServerAdded(_logger, sorry.Key.ToString(), options.Name);
                else Log.SorryServerRemoved(_logger, sorry.Key.ToString(), options.Name);
            }
            service.SorryKey = sorry.Key;
            service.SorryActive = sorryActive;
            service.SorryInTable = inTable;
            service.SorryWeight = weight;
        }

        if (sorryEvent is { Active: true }) Publish(sorryEvent);
        foreach (var rs in service.RealServers.Values)
        {
            var inhibit = rs.Options.InhibitOnFailure ?? options.InhibitOnFailure;
            var (inTable, weight) = RealServerPresence.Of(sorryActive, rs.Alive, inhibit, rs.Alive ? RampedWeight(rs) : 0);
            var aliveChanged = rs.Published && rs.PublishedAlive != rs.Alive;
            if (rs.Published && !aliveChanged && rs.PublishedInTable == inTable && rs.PublishedWeight == weight) continue;
            if (aliveChanged)
            {
                if (rs.Alive) Log.RealServerUp(_logger, rs.Options.Key.ToString(), options.Name, weight, rs.LastReason);
                else Log.RealServerDown(_logger, rs.Options.Key.ToString(), options.Name, inTable ? "weight 0 (inhibit_on_failure)" : "removed", rs.LastReason);
            }
            else if (rs.Published)
            {
                Log.RealServerWeight(_logger, rs.Options.Key.ToString(), options.Name, weight, inTable);
            }
            Publish(new RealServerStateChanged(options.Name, now, rs.Options.Key, rs.Alive, inTable, weight, aliveChanged, rs.Published ? rs.LastReason : "initial"));
            rs.Published = true;
            rs.PublishedAlive = rs.Alive;
            rs.PublishedInTable = inTable;
            rs.PublishedWeight = weight;
        }
        if (sorryEvent is { Active: false }) Publish(sorryEvent);

        if (quorumChanged)
        {
            service.QuorumScripts.Enqueue(service.QuorumUp ? options.QuorumUp : options.QuorumDown,
                (service.QuorumUp ? options.QuorumUpUser : options.QuorumDownUser) ?? _global.ScriptUser, _global.NotifyScriptTimeout,
                service.QuorumUp ? "quorum_up" : "quorum_down");
        }
        foreach (var rs in transitions)
        {
            rs.Notify.Enqueue(rs.Alive ? rs.Options.NotifyUp : rs.Options.NotifyDown,
                (rs.Alive ? rs.Options.NotifyUpUser : rs.Options.NotifyDownUser) ?? _global.ScriptUser, _global.NotifyScriptTimeout,
                rs.Alive ? "notify_up" : "notify_down");
        }
    }

    private int RampedWeight(RealServerState rs) =>
        rs.RampStart is { } start
            ? SlowStartRamp.Weight(rs.TargetWeight, _timeProvider.GetElapsedTime(start), rs.Options.SlowStart)
            : rs.TargetWeight;

    private void StartRamp(CheckedServiceState service, RealServerState rs)
    {
        rs.StopRamp();
        var duration = rs.Options.SlowStart;
        if (duration <= TimeSpan.Zero) return;
        rs.RampStart = _timeProvider.GetTimestamp();
        var step = SlowStartRamp.StepInterval(duration);
        using (ExecutionContext.SuppressFlow())
        {
            rs.RampTimer = _timeProvider.CreateTimer(_ => OnRampStep(service, rs), null, step, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnRampStep(CheckedServiceState service, RealServerState rs)
    {
        lock (service.Gate)
        {
            if (service.Stopped || rs.RampStart is not { } start || rs.RampTimer is null) return;
            var duration = rs.Options.SlowStart;
            var elapsed = _timeProvider.GetElapsedTime(start);
            if (elapsed >= duration || duration <= TimeSpan.Zero) rs.StopRamp();
            else rs.RampTimer.Change(SlowStartRamp.StepInterval(duration), Timeout.InfiniteTimeSpan);
            Evaluate(service, rs);
        }
    }

    private void Publish(CheckerEvent e) => _events.Writer.TryWrite(e);

    private CheckedServiceSnapshot Snapshot(CheckedServiceState state)
    {
        lock (state.Gate)
        {
            var realServers = state.RealServers.Values.Select(rs => new RealServerSnapshot(
                rs.Options.Key, rs.Alive, rs.PublishedInTable, rs.PublishedWeight,
                rs.Checks.Select(c => new CheckSnapshot(c.Resolved.Kind, c.Resolved.Target.ToString(), c.Health.IsUp, c.Health.FailedAttempts,
                    c.Health.LastResult?.Reason, c.Health.LastResult?.Latency, c.Schedule?.ProbeCount ?? 0)).ToList())).ToList();
            return new CheckedServiceSnapshot(state.Options.Name, state.QuorumUp, state.AliveWeight, state.SorryKey, state.SorryActive,
                state.SorryInTable, state.SorryWeight, realServers, state.Suspended);
        }
    }
}
