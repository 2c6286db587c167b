using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// keepalived's GARP / NA schedule: a burst of <c>garp_master_repeat</c> messages per address on
/// becoming MASTER, a second burst after <c>garp_master_delay</c>, refresh bursts every
/// <c>garp_master_refresh</c>, bursts after lower-priority adverts; messages on one interface spaced by
/// <c>garp_interval</c> (IPv4) or <c>gna_interval</c> (IPv6). All timing through the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class GratuitousAnnouncer : IGratuitousAnnouncer, IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly IGratuitousFrameSender _sender;
    private readonly ILogger _logger;
    private readonly Dictionary<string, List<ITimer>> _timers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refreshing = new(StringComparer.Ordinal);

    public GratuitousAnnouncer(TimeProvider time, IGratuitousFrameSender sender, ILogger logger)
    {
        _time = time;
        _sender = sender;
        _logger = logger;
    }

    public void AnnounceMaster(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice, GratuitousAnnouncementOptions options)
    {
        var messages = Messages(addresses, defaultDevice);
        lock (_gate)
        {
            Burst(instance, messages, options.MasterRepeat, options);
            if (options.MasterDelay > TimeSpan.Zero && options.MasterRepeat > 0)
                After(instance, options.MasterDelay, () => Burst(instance, messages, options.MasterRepeat, options));
            if (options.MasterRefresh > TimeSpan.Zero && options.MasterRefreshRepeat > 0 && _refreshing.Add(instance))
                Refresh(instance, messages, options);
        }
    }

    public void AnnounceLowerPriority(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice, GratuitousAnnouncementOptions options)
    {
        var messages = Messages(addresses, defaultDevice);
        var repeat = options.EffectiveLowerPriorityRepeat;
        lock (_gate)
        {
            Burst(instance, messages, repeat, options);
            if (options.EffectiveLowerPriorityDelay > TimeSpan.Zero && repeat > 0)
                After(instance, options.EffectiveLowerPriorityDelay, () => Burst(instance, messages, repeat, options));
        }
    }

    public void Cancel(string instance)
    {
        lock (_gate)
        {
            _refreshing.Remove(instance);
            if (!_timers.Remove(instance, out var timers)) return;
            foreach (var timer in timers) timer.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timers in _timers.Values)
                foreach (var timer in timers) timer.Dispose();
            _timers.Clear();
            _refreshing.Clear();
        }
    }

    private static List<(string Device, System.Net.IPAddress Address)> Messages(IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice) =>
        addresses.Select(a => (a.Device ?? defaultDevice, a.Address)).ToList();

    private void Refresh(string instance, List<(string Device, System.Net.IPAddress Address)> messages, GratuitousAnnouncementOptions options) =>
        After(instance, options.MasterRefresh, () =>
        {
            if (!_refreshing.Contains(instance)) return;
            Burst(instance, messages, options.MasterRefreshRepeat, options);
            Refresh(instance, messages, options);
        });

    /// <summary>Sends <paramref name="repeat"/> rounds over all addresses; spaced messages go out from timers.</summary>
    private void Burst(string instance, List<(string Device, System.Net.IPAddress Address)> messages, int repeat, GratuitousAnnouncementOptions options)
    {
        var delay = TimeSpan.Zero;
        var first = true;
        for (var round = 0; round < repeat; round++)
        {
            foreach (var (device, address) in messages)
            {
                var gap = address.AddressFamily == AddressFamily.InterNetworkV6 ? options.NeighborAdvertisementInterval : options.ArpInterval;
                if (!first) delay += gap;
                first = false;
                if (delay == TimeSpan.Zero) SendOne(device, address);
                else After(instance, delay, () => SendOne(device, address));
            }
        }
    }

    private void SendOne(string device, System.Net.IPAddress address)
    {
        try
        {
            _sender.Send(device, address);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException)
        {
            Log.SendFailed(_logger, device, address, ex.Message);
        }
    }

    /// <summary>Runs <paramref name="action"/> under the lock after <paramref name="due"/>, unless the instance is cancelled first.</summary>
    private void After(string instance, TimeSpan due, Action action)
    {
        if (!_timers.TryGetValue(instance, out var list))
            _timers[instance] = list = new List<ITimer>();
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            lock (_gate)
            {
                if (!_timers.TryGetValue(instance, out var current) || timer is null || !current.Remove(timer)) return;
                timer.Dispose();
                action();
            }
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        list.Add(timer);
        timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.GratuitousSendFailed, LogLevel.Warning, "could not send a gratuitous ARP/NA for {Address} on {Device}: {Error}")]
        public static partial void SendFailed(ILogger logger, string device, System.Net.IPAddress address, string error);
    }
}
