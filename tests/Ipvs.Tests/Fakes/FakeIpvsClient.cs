using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;

namespace LvsDirector.Ipvs.Tests.Fakes;

/// <summary>
/// An in-memory IPVS table with the kernel's error semantics (EEXIST, ESRCH, ENOENT for an unknown scheduler
/// or a missing destination), counting every operation like the real client.
/// </summary>
internal sealed class FakeIpvsClient : IIpvsClient
{
    public Dictionary<IpvsServiceKey, IpvsService> Services { get; } = new();
    public Dictionary<IpvsServiceKey, List<IpvsDestination>> Destinations { get; } = new();
    public List<IpvsSyncDaemon> Daemons { get; } = new();
    public IpvsTimeouts Timeouts { get; set; } = new(900, 120, 300);
    public List<string> Log { get; } = new();
    public long OperationCount { get; private set; }
    public int Flushes { get; private set; }
    public int Batches { get; private set; }

    /// <summary>When set, the next dump throws this (a transport failure: ENOBUFS, EPERM …).</summary>
    public Exception? FailNextDump { get; set; }

    public bool Disposed { get; private set; }

    /// <summary>Schedulers whose module is "missing": NEW/SET_SERVICE with them fail with ENOENT, as in the kernel.</summary>
    public HashSet<string> MissingSchedulers { get; } = new();

    public void Seed(IpvsService service, params IpvsDestination[] destinations)
    {
        Services[service.Key] = service.WithDefaults();
        Destinations[service.Key] = destinations.ToList();
    }

    public Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken) { OperationCount++; return Task.FromResult(new IpvsInfo(0x010201, 4096)); }

    public Task<IReadOnlyList<IpvsServiceEntry>> GetServicesAsync(CancellationToken cancellationToken)
    {
        OperationCount++;
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<IpvsServiceEntry>>(Services.Values.Select(s => new IpvsServiceEntry(s, IpvsStats.Empty)).ToList());
    }

    public Task<IpvsServiceEntry?> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken)
    {
        OperationCount++;
        return Task.FromResult(Services.TryGetValue(key, out var s) ? new IpvsServiceEntry(s, IpvsStats.Empty) : null);
    }

    public Task<IReadOnlyList<IpvsDestinationEntry>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken)
    {
        OperationCount++;
        ThrowIfFailing();
        if (!Services.ContainsKey(service)) throw new NetlinkException(Errno.ESRCH, $"get dests of {service}");
        return Task.FromResult<IReadOnlyList<IpvsDestinationEntry>>(Destinations[service].Select(d => new IpvsDestinationEntry(d, 0, 0, 0, IpvsStats.Empty)).ToList());
    }

    public async Task<IReadOnlyList<IpvsDestination>> GetDestinationSettingsAsync(IpvsServiceKey service, CancellationToken cancellationToken) =>
        (await GetDestinationsAsync(service, cancellationToken)).Select(d => d.Destination).ToList();

    public Task NewServiceAsync(IpvsService service, CancellationToken cancellationToken) => Single(IpvsChange.AddService(service));
    public Task SetServiceAsync(IpvsService service, CancellationToken cancellationToken) => Single(IpvsChange.EditService(service));
    public Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken) => Single(IpvsChange.DeleteService(key));
    public Task NewDestinationAsync(IpvsServiceKey s, IpvsDestination d, CancellationToken cancellationToken) => Single(IpvsChange.AddDestination(s, d));
    public Task SetDestinationAsync(IpvsServiceKey s, IpvsDestination d, CancellationToken cancellationToken) => Single(IpvsChange.EditDestination(s, d));
    public Task DeleteDestinationAsync(IpvsServiceKey s, IpvsDestination d, CancellationToken cancellationToken) => Single(IpvsChange.DeleteDestination(s, d));

    public Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken) { OperationCount++; return Task.FromResult(Timeouts); }

    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken)
    {
        OperationCount++;
        Log.Add($"set timeouts {timeouts}");
        Timeouts = new IpvsTimeouts(
            timeouts.TcpSeconds == 0 ? Timeouts.TcpSeconds : timeouts.TcpSeconds,
            timeouts.TcpFinSeconds == 0 ? Timeouts.TcpFinSeconds : timeouts.TcpFinSeconds,
            timeouts.UdpSeconds == 0 ? Timeouts.UdpSeconds : timeouts.UdpSeconds);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IpvsSyncDaemon>> GetDaemonsAsync(CancellationToken cancellationToken) { OperationCount++; return Task.FromResult<IReadOnlyList<IpvsSyncDaemon>>(Daemons.ToList()); }

    public Task NewDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken)
    {
        OperationCount++;
        Log.Add($"start {daemon}");
        if (Daemons.Any(d => d.State == daemon.State)) throw new NetlinkException(Errno.EEXIST, $"start {daemon}");
        Daemons.Add(daemon with { MaxLength = daemon.MaxLength ?? 1472, Port = daemon.Port ?? 8848, Ttl = daemon.Ttl ?? 1, Group = daemon.Group ?? System.Net.IPAddress.Parse("224.0.0.81") });
        return Task.CompletedTask;
    }

    public Task DeleteDaemonAsync(IpvsSyncDaemonState state, CancellationToken cancellationToken)
    {
        OperationCount++;
        Log.Add($"stop {state}");
        if (Daemons.RemoveAll(d => d.State == state) == 0) throw new NetlinkException(Errno.ESRCH, $"stop sync daemon {state}");
        return Task.CompletedTask;
    }

    public Task ZeroAsync(IpvsServiceKey? service, CancellationToken cancellationToken) { OperationCount++; return Task.CompletedTask; }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        OperationCount++;
        Flushes++;
        Log.Add("flush");
        Services.Clear();
        Destinations.Clear();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IpvsChangeFailure>> ApplyChangesAsync(IReadOnlyList<IpvsChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count > 0) Batches++;
        var failures = new List<IpvsChangeFailure>();
        foreach (var change in changes)
        {
            OperationCount++;
            Log.Add(change.ToString());
            var errno = Apply(change);
            if (errno != Errno.None)
                failures.Add(new IpvsChangeFailure(change, errno.ToString(), new NetlinkException(errno, change.ToString()).Message));
        }
        return Task.FromResult<IReadOnlyList<IpvsChangeFailure>>(failures);
    }

    private Task Single(IpvsChange change)
    {
        OperationCount++;
        Log.Add(change.ToString());
        var errno = Apply(change);
        return errno == Errno.None ? Task.CompletedTask : Task.FromException(new NetlinkException(errno, change.ToString()));
    }

    private Errno Apply(IpvsChange change)
    {
        var key = change.ServiceKey;
        switch (change.Kind)
        {
            case IpvsChangeKind.AddService:
                if (Services.ContainsKey(key)) return Errno.EEXIST;
                if (!IpvsSchedulers.IsKnown(change.Service!.Scheduler) || MissingSchedulers.Contains(change.Service.Scheduler)) return Errno.ENOENT;
                Services[key] = change.Service.WithDefaults();
                Destinations[key] = new();
                return Errno.None;
            case IpvsChangeKind.EditService:
                if (!Services.ContainsKey(key)) return Errno.ESRCH;
                if (!IpvsSchedulers.IsKnown(change.Service!.Scheduler) || MissingSchedulers.Contains(change.Service.Scheduler)) return Errno.ENOENT;
                Services[key] = change.Service.WithDefaults();
                return Errno.None;
            case IpvsChangeKind.DeleteService:
                if (!Services.Remove(key)) return Errno.ESRCH;
                Destinations.Remove(key);
                return Errno.None;
        }
        if (!Destinations.TryGetValue(key, out var list)) return Errno.ESRCH;
        var d = change.Destination!;
        int index = list.FindIndex(x => x.Address.Equals(d.Address) && x.Port == d.Port);
        switch (change.Kind)
        {
            case IpvsChangeKind.AddDestination:
                if (index >= 0) return Errno.EEXIST;
                list.Add(d);
                return Errno.None;
            case IpvsChangeKind.EditDestination:
                if (index < 0) return Errno.ENOENT;
                list[index] = d;
                return Errno.None;
            default:
                if (index < 0) return Errno.ENOENT;
                list.RemoveAt(index);
                return Errno.None;
        }
    }

    private void ThrowIfFailing()
    {
        if (FailNextDump is { } e)
        {
            FailNextDump = null;
            throw e;
        }
    }

    public void Dispose() => Disposed = true;
}
