using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.StateMachine;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// On address events, looks in the kernel for the VIPs (and excluded VIPs) of every Master, except those with
/// <c>no_track</c>; a Master missing one is told (through the VRRP work queue) and goes to BACKUP, as keepalived does.
/// </summary>
internal sealed partial class VirtualAddressWatcher
{
    private readonly IStaticEntryProbe _probe;
    private readonly Func<IEnumerable<VrrpInstance>> _instances;
    private readonly Action<Action> _post;
    private readonly CoalescedWork _check;

    public VirtualAddressWatcher(IStaticEntryProbe probe, Func<IEnumerable<VrrpInstance>> instances, Action<Action> post, ILogger logger)
    {
        _probe = probe;
        _instances = instances;
        _post = post;
        _check = new CoalescedWork(CheckNow, ex => Log.CheckFailed(logger, ex));
    }

    /// <summary>Asks the kernel only when an address a Master holds was deleted, or events may have been lost.</summary>
    public void OnNetworkChanged(NetworkChange change)
    {
        if (!change.Resync && change.DeletedAddresses.Count == 0) return;
        var masters = _instances().Where(i => i.State == VrrpState.Master).ToList();
        if (masters.Count == 0) return;
        if (change.Resync || change.DeletedAddresses.Any(d => masters.Any(m => HoldsAddress(m.Options, d))))
            _check.Request();
    }

    private static bool HoldsAddress(VrrpInstanceOptions options, KernelAddressKey deleted) =>
        options.VirtualAddresses.Concat(options.ExcludedVirtualAddresses).Any(a => a.Address.Equals(deleted.Address));

    public void CheckNow()
    {
        foreach (var instance in _instances())
        {
            if (instance.State != VrrpState.Master) continue;
            // Read the generation before asking the kernel: a mastership that started since is not judged on this answer.
            var generation = instance.MastershipGeneration;
            var options = instance.Options;
            var tracked = options.VirtualAddresses.Concat(options.ExcludedVirtualAddresses)
                .Where(a => !a.NoTrack)
                .Select(a => a with { Device = a.Device ?? options.AddressDevice })
                .ToList();
            if (tracked.Count == 0) continue;
            var missing = _probe.FindMissing(new StaticNetworkOptions { Addresses = new(tracked) }).Addresses;
            if (missing.Count > 0) _post(() => instance.OnVirtualAddressDeleted(generation, missing[0].ToString()));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.StaticEntryCheckFailed, LogLevel.Error, "Checking the VIPs of the Masters failed")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
