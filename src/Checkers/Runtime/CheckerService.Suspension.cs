using System.Net;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Runtime;

public sealed partial class CheckerService
{
    // Serialises re-evaluations (an address report against a reload); taken before any service gate.
    private readonly object _suspensionGate = new();
    // The addresses last reported local; null until the first report, when every ha_suspend service is suspended.
    private IReadOnlySet<IPAddress>? _localAddresses;

    /// <summary>
    /// The addresses configured on the host's interfaces now. Services with <see cref="CheckedServiceOptions.SuspendUnlessLocal"/>
    /// (ha_suspend) are suspended while none of their addresses is in the set and activated when one is: suspended checks
    /// do not probe, results in flight are discarded and the real servers keep their state.
    /// </summary>
    public void SetLocalAddresses(IReadOnlySet<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        lock (_suspensionGate)
        {
            _localAddresses = addresses;
            ReevaluateSuspensions();
        }
    }

    // After a reload: a service started from addresses a concurrent report has since replaced is corrected here.
    private void ReevaluateSuspensionsAfterApply()
    {
        lock (_suspensionGate) ReevaluateSuspensions();
    }

    // Under _suspensionGate.
    private void ReevaluateSuspensions()
    {
        foreach (var state in _services.Values)
        {
            if (state.Options.SuspendUnlessLocal.Count == 0 && !state.Suspended) continue;
            lock (state.Gate) UpdateSuspension(state);
        }
    }

    private bool ShouldSuspend(CheckedServiceOptions options)
    {
        if (options.SuspendUnlessLocal.Count == 0) return false;
        var local = Volatile.Read(ref _localAddresses);
        if (local is null) return true;
        foreach (var address in options.SuspendUnlessLocal)
            if (local.Contains(address)) return false;
        return true;
    }

    /// <summary>Under the service gate: parks or resumes every check of the service when its suspension changes.</summary>
    private void UpdateSuspension(CheckedServiceState state)
    {
        var suspend = ShouldSuspend(state.Options);
        if (suspend == state.Suspended || state.Stopped) return;
        state.Suspended = suspend;
        foreach (var rs in state.RealServers.Values)
        {
            foreach (var slot in rs.Checks)
            {
                // Resumptions are spread as starts are, over the check's warm-up.
                if (suspend) slot.Schedule?.Park();
                else slot.Schedule?.Resume(_scheduler.InitialDelay(slot.Resolved.Warmup));
            }
        }
        if (suspend) Log.ServiceSuspended(_logger, state.Options.Name);
        else Log.ServiceActivated(_logger, state.Options.Name);
    }
}
