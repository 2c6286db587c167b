using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// One virtual router: the state machine of RFC 5798 §6.4 (and RFC 3768 §6.4 for v2), driven by
/// events (start, stop, received advert, timer, interface up/down, options update) and acting
/// through <see cref="IVrrpTransport"/>, <see cref="IVirtualAddressManager"/> and
/// <see cref="IGratuitousAnnouncer"/>. Every entry point takes one lock, so receive threads,
/// the timer thread and reloads may call it concurrently.
/// </summary>
internal sealed partial class VrrpInstance : IDisposable
{
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an expired master-down timer waits, once, for adverts already on their way: queued in the
    /// receive socket, being delivered by the receive thread, or left in the kernel's deferred receive work
    /// (<see cref="IVrrpListener.HasPendingDatagrams"/> runs it first). A garbage collection suspends the
    /// receive and timer threads alike, and a saturated CPU delays the kernel's softirq; when either ends,
    /// the timer can win the race against the adverts that arrived meanwhile (a spurious takeover). Short
    /// against the bound's ± 5 ms goal; at most once per expiry, so a flood that keeps the socket busy cannot
    /// hold a takeover back.
    /// </summary>
    internal static readonly TimeSpan ReceiveGrace = TimeSpan.FromMilliseconds(2);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly IVrrpTransport _transport;
    private readonly IVirtualAddressManager _addresses;
    private readonly IVirtualRouteManager? _routes;
    private readonly IGratuitousAnnouncer _announcer;
    private readonly IVrrpStateListener? _listener;
    private readonly ILogger _logger;
    private readonly VrrpDropCounters _drops = new();
    private readonly long[] _dropLoggedAt = new long[Enum.GetValues<VrrpDropReason>().Length];
    private readonly long[] _dropSuppressed = new long[Enum.GetValues<VrrpDropReason>().Length];
    private readonly AuthenticationHeaderCounter _authenticationSequence = new();

    private VrrpInstanceOptions _options;
    private byte[] _password;
    private volatile byte[]? _authenticationHeaderKey;
    private ITimer? _timer;
    private long _timerDue = long.MaxValue;
    private long _advertDue;
    private VrrpAdvertisement? _advert;
    private bool _graceTaken;
    private TimeSpan _masterAdvertisementInterval;
    private long? _preemptDeadline;
    private bool _started;
    private bool _interfaceUp = true;
    private VrrpChecksumMode? _lastChecksumMode;
    private TrackingStatus _tracking = TrackingStatus.None;
    private bool _groupFault;
    private int _effectivePriority;
    private volatile bool _wantsMaster;
    private long _lowerPriorityAsMaster;

    private long _received, _sent, _priorityZeroReceived, _priorityZeroSent, _becameMaster, _releasedMaster, _withPseudo, _withoutPseudo, _sendFailures;

    public VrrpInstance(string name, VrrpInstanceOptions options, TimeProvider time, IVrrpTransport transport, IVirtualAddressManager addresses, IGratuitousAnnouncer announcer, IVrrpStateListener? listener, ILogger logger, IVirtualRouteManager? routes = null)
    {
        Name = name;
        _options = options;
        _password = VrrpAdvertisementChecks.PasswordBytes(options);
        _authenticationHeaderKey = AuthenticationHeaderKey(options);
        _time = time;
        _transport = transport;
        _addresses = addresses;
        _routes = routes;
        _announcer = announcer;
        _listener = listener;
        _logger = logger;
        _masterAdvertisementInterval = options.AdvertisementInterval;
        _effectivePriority = options.Priority;
    }

    /// <summary>The receive socket(s) of this instance's interface, to look for unread adverts before taking over (set by the router).</summary>
    public IVrrpListener? Reception { get; set; }

    /// <summary>
    /// The HMAC key of <c>auth_type AH</c> (null otherwise), for the receive thread to verify an AH's ICV
    /// before the advert reaches the instance; read without the instance's lock.
    /// </summary>
    public byte[]? AuthenticationKey => _authenticationHeaderKey;

    /// <summary>The AH sequence number last sent or accepted (keepalived's <c>ipsecah_counter</c>).</summary>
    internal uint AuthenticationSequenceNumber
    {
        get { lock (_gate) return _authenticationSequence.SequenceNumber; }
    }

    /// <summary>The vrrp_sync_group this instance belongs to, if any (set by the router).</summary>
    public VrrpSyncGroup? SyncGroup { get; set; }

    /// <summary>The Backup's master-down timer expired but its sync group held it back (keepalived's wantstate MASTER).</summary>
    public bool WantsMaster => _wantsMaster;

    /// <summary>In FAULT for a reason of its own (interface, trackers), not merely because its sync group is.</summary>
    public bool HasOwnFault
    {
        get { lock (_gate) return OwnFault; }
    }

    /// <summary>How many times this instance became Master: tells a slow kernel check whether it still speaks of the same mastership.</summary>
    public long MastershipGeneration => Interlocked.Read(ref _becameMaster);

    /// <summary>The priority advertised: configured plus tracking, clamped to 1..254 (255 stays 255).</summary>
    public int EffectivePriority
    {
        get { lock (_gate) return _effectivePriority; }
    }

    private bool OwnFault => !_interfaceUp || _tracking.IsFault;

    private bool Faulted => OwnFault || _groupFault;

    public string Name { get; }

    public VrrpState State { get; private set; } = VrrpState.Initialize;

    public VrrpInstanceOptions Options
    {
        get { lock (_gate) return _options; }
    }

    /// <summary>Master_Adver_Interval: learned from the master's adverts in v3, our own in v2 (RFC 5798 §6.1).</summary>
    public TimeSpan MasterAdvertisementInterval
    {
        get { lock (_gate) return _masterAdvertisementInterval; }
    }

    private int Priority => _effectivePriority;

    private TimeSpan MasterDownInterval => VrrpTimers.MasterDownInterval(_options.Version, Priority, _masterAdvertisementInterval);

    private TimeSpan SkewTime => VrrpTimers.SkewTime(_options.Version, Priority, _masterAdvertisementInterval);

    /// <summary>Every address moved with mastership: the advertised ones and the excluded ones.</summary>
    private IReadOnlyList<VirtualAddressOptions> AllAddresses => [.. _options.VirtualAddresses, .. _options.ExcludedVirtualAddresses];

    /// <summary>The Startup event (RFC 5798 §6.4.1).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started) return;
            _started = true;
            if (Faulted)
            {
                Transition(VrrpState.Fault, !_interfaceUp ? "interface down at start" : _tracking.IsFault ? $"{_tracking.Faults[0]} failed at start" : "sync group in FAULT at start");
                return;
            }
            StartUp("start");
        }
    }

    /// <summary>The reason of the transition to Initialize when a reload removes the instance (notify FAULT or DELETED).</summary>
    public const string DeletedReason = "deleted by reload";

    /// <summary>The Shutdown event: a Master sends priority 0 and gives its addresses up (RFC 5798 §6.4.3).</summary>
    public void Stop(string reason = "shutdown")
    {
        lock (_gate)
        {
            if (!_started) return;
            _started = false;
            CancelTimer();
            if (State == VrrpState.Master)
            {
                Send(0);
                Interlocked.Increment(ref _priorityZeroSent);
                Log.PriorityZeroSent(_logger, Name);
                ReleaseMastership();
            }
            Transition(VrrpState.Initialize, reason);
        }
    }

    public void SetInterfaceState(bool up)
    {
        lock (_gate)
        {
            if (_interfaceUp == up) return;
            _interfaceUp = up;
            Reevaluate(up ? "interface up" : "interface down", sendPriorityZero: false);
        }
    }

    /// <summary>
    /// New tracking result (on the VRRP thread, from <see cref="VrrpWorkQueue"/>): the effective
    /// priority is recomputed and FAULT entered or left. State and timers are otherwise kept.
    /// </summary>
    public void ApplyTracking(TrackingStatus status)
    {
        lock (_gate)
        {
            var wasFault = _tracking.IsFault;
            _tracking = status;
            UpdateEffectivePriority();
            if (wasFault != status.IsFault)
            {
                if (status.IsFault) Log.TrackingFault(_logger, Name, string.Join(", ", status.Faults));
                Reevaluate(status.IsFault ? $"{status.Faults[0]} failed" : "tracking recovered", sendPriorityZero: true);
            }
        }
    }

    /// <summary>
    /// keepalived (vrrp_netlink.c): a Master one of whose VIPs was deleted by hand goes to BACKUP; with no other
    /// router it becomes Master again after Master_Down_Interval and puts the addresses back. Ignored unless the
    /// instance is still in the mastership <paramref name="generation"/> the deletion was seen in.
    /// </summary>
    public void OnVirtualAddressDeleted(long generation, string address)
    {
        lock (_gate)
        {
            if (!_started || State != VrrpState.Master || MastershipGeneration != generation) return;
            Log.VirtualAddressDeleted(_logger, Name, address);
            ReleaseMastership();
            Transition(VrrpState.Backup, $"VIP {address} deleted");
            ArmTimer(MasterDownInterval);
        }
    }

    /// <summary>The sync group puts this member in FAULT (another member has a fault) or lets it go.</summary>
    public void SetGroupFault(bool fault, string reason)
    {
        lock (_gate)
        {
            if (_groupFault == fault) return;
            _groupFault = fault;
            Reevaluate(reason, sendPriorityZero: true, forced: true);
        }
    }

    /// <summary>The sync group moves this Backup to MASTER with the others.</summary>
    public void ForceMaster(string reason)
    {
        lock (_gate)
        {
            if (!_started || State != VrrpState.Backup) return;
            _forced = true;
            try
            {
                BecomeMaster(reason);
            }
            finally
            {
                _forced = false;
            }
        }
    }

    /// <summary>The sync group moves this Master to BACKUP with the others.</summary>
    public void ForceBackup(string reason)
    {
        lock (_gate)
        {
            if (!_started || State != VrrpState.Master) return;
            _forced = true;
            try
            {
                ReleaseMastership();
                Transition(VrrpState.Backup, reason);
                ArmTimer(MasterDownInterval);
            }
            finally
            {
                _forced = false;
            }
        }
    }

    private bool _forced;

    private void Reevaluate(string reason, bool sendPriorityZero, bool forced = false)
    {
        if (!_started) return;
        var wasForced = _forced;
        _forced = forced;
        try
        {
            if (Faulted)
            {
                if (State == VrrpState.Fault) return;
                CancelTimer();
                if (State == VrrpState.Master)
                {
                    // Tell the backups at once rather than letting them wait for Master_Down_Interval.
                    if (sendPriorityZero && _interfaceUp)
                    {
                        Send(0);
                        Interlocked.Increment(ref _priorityZeroSent);
                        Log.PriorityZeroSent(_logger, Name);
                    }
                    ReleaseMastership();
                }
                _wantsMaster = false;
                Transition(VrrpState.Fault, reason);
            }
            else if (State == VrrpState.Fault)
            {
                StartUp(reason);
            }
        }
        finally
        {
            _forced = wasForced;
        }
    }

    private void UpdateEffectivePriority()
    {
        var effective = PriorityCalculator.Effective(_options.Priority, _tracking.Delta);
        if (effective == _effectivePriority) return;
        Log.EffectivePriorityChanged(_logger, Name, _effectivePriority, effective);
        _effectivePriority = effective;
        if (_started && State is VrrpState.Master or VrrpState.Backup) _listener?.OnPriorityChanged(Name, State, effective);
    }

    /// <summary>An advert for this instance's VRID arrived; the codec has validated its form.</summary>
    public void OnAdvertisement(in ReceivedAdvertisement received)
    {
        lock (_gate)
        {
            var drop = VrrpAdvertisementChecks.CheckSender(received, _options, _password);
            if (drop is null && received.HadAuthenticationHeader && !AuditAuthenticationSequence(received)) return;
            drop ??= VrrpAdvertisementChecks.CheckContent(received, _options);
            if (drop is { } reason)
            {
                RecordDrop(reason, received.Source);
                return;
            }
            Interlocked.Increment(ref _received);
            NoteChecksumForm(received);
            if (!_started || State is VrrpState.Initialize or VrrpState.Fault) return;
            // Our own advert looped back (several instances of one router share a link only in tests).
            if (_transport.PrimaryAddress is { } own && own.Equals(received.Source)) return;
            // owner_ignore_adverts (vrrp_strict's default): the address owner is Master whatever it hears.
            if (Priority == 255 && _options.OwnerIgnoresAdvertisements == true)
            {
                Log.OwnerIgnoredAdvertisement(_logger, Name, received.Advertisement.Priority, received.Source);
                return;
            }

            if (State == VrrpState.Backup) BackupReceived(received);
            else MasterReceived(received);
        }
    }

    /// <summary>Counts a packet the router could not even attribute to an instance field by field.</summary>
    public void RecordDrop(VrrpDropReason reason, IPAddress source)
    {
        if (CountDrop(reason, out var suppressed))
            Log.AdvertisementDropped(_logger, Name, source, reason, suppressed);
    }

    /// <summary>Counts a drop; true when it is to be logged (at most once a second per reason), with how many were not.</summary>
    private bool CountDrop(VrrpDropReason reason, out long suppressed)
    {
        suppressed = 0;
        _drops.Increment(reason);
        var now = _time.GetTimestamp();
        var index = (int)reason;
        var last = Interlocked.Read(ref _dropLoggedAt[index]);
        if (last != 0 && _time.GetElapsedTime(last, now) < DropLogInterval)
        {
            Interlocked.Increment(ref _dropSuppressed[index]);
            return false;
        }
        Interlocked.Exchange(ref _dropLoggedAt[index], now);
        suppressed = Interlocked.Exchange(ref _dropSuppressed[index], 0);
        return true;
    }

    /// <summary>
    /// keepalived's anti-replay audit of an AH advert whose ICV and SPI verified (vrrp_in_chk_ipsecah): a
    /// sequence number not above the counter is a replay, dropped and counted as an authentication failure.
    /// </summary>
    private bool AuditAuthenticationSequence(in ReceivedAdvertisement received)
    {
        var local = _authenticationSequence.SequenceNumber;
        if (!_authenticationSequence.TryAccept(received.AuthenticationSequence))
        {
            if (CountDrop(VrrpDropReason.AuthenticationMismatch, out var suppressed))
                Log.AuthenticationSequenceReplayed(_logger, Name, received.AuthenticationSequence, local, received.Source, suppressed);
            return false;
        }
        if (State == VrrpState.Backup) _authenticationSequence.AcceptedAsBackup(received.AuthenticationSequence);
        return true;
    }

    /// <summary>
    /// Applies changed options that keep the instance's identity (interface, VRID, version, family,
    /// transport, authentication): priority, preemption, interval, addresses, GARP knobs. State and timers are kept.
    /// </summary>
    public void Update(VrrpInstanceOptions options)
    {
        lock (_gate)
        {
            var old = _options;
            _options = options;
            _password = VrrpAdvertisementChecks.PasswordBytes(options);
            _authenticationHeaderKey = AuthenticationHeaderKey(options);
            _advert = null;
            UpdateEffectivePriority();
            if (_options.Version == VrrpVersion.V2 || State == VrrpState.Master)
                _masterAdvertisementInterval = options.AdvertisementInterval;
            Log.OptionsUpdated(_logger, Name, State);

            if (State == VrrpState.Master)
            {
                var oldAll = old.VirtualAddresses.Concat(old.ExcludedVirtualAddresses).ToList();
                var newAll = AllAddresses;
                var removed = oldAll.Where(a => !newAll.Contains(a)).ToList();
                var added = newAll.Where(a => !oldAll.Contains(a)).ToList();
                if (removed.Count > 0) _addresses.Remove(Name, removed, _options.AddressDevice);
                if (added.Count > 0)
                {
                    _addresses.Add(Name, added, _options.AddressDevice);
                    _announcer.AnnounceMaster(Name, added, _options.AddressDevice, _options.Gratuitous);
                }
                UpdateRoutes(old);
                if (old.AdvertisementInterval != options.AdvertisementInterval || old.Priority != options.Priority || removed.Count + added.Count > 0)
                {
                    SendAdvertisement();
                    ArmAdvertTimer(newPeriod: true);
                }
            }
            else if (State == VrrpState.Backup && Priority == 255)
            {
                BecomeMaster("priority 255: address owner");
            }
        }
    }

    public VrrpInstanceStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new VrrpInstanceStatistics
            {
                Instance = Name,
                State = State,
                Priority = Priority,
                AdvertisementsReceived = Interlocked.Read(ref _received),
                AdvertisementsSent = Interlocked.Read(ref _sent),
                PriorityZeroReceived = Interlocked.Read(ref _priorityZeroReceived),
                PriorityZeroSent = Interlocked.Read(ref _priorityZeroSent),
                BecameMaster = Interlocked.Read(ref _becameMaster),
                ReleasedMaster = Interlocked.Read(ref _releasedMaster),
                ReceivedWithPseudoHeaderChecksum = Interlocked.Read(ref _withPseudo),
                ReceivedWithoutPseudoHeaderChecksum = Interlocked.Read(ref _withoutPseudo),
                SendFailures = Interlocked.Read(ref _sendFailures),
                MasterReceivedLowerPriority = Interlocked.Read(ref _lowerPriorityAsMaster),
                Drops = _drops.Snapshot(),
            };
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CancelTimer();
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void StartUp(string reason)
    {
        _masterAdvertisementInterval = _options.AdvertisementInterval;
        if (Priority == 255)
        {
            // RFC 5798 §6.4.1: the address owner becomes Master at once.
            BecomeMaster($"{reason}, priority 255: address owner");
            return;
        }
        // A crash may have left our addresses behind (keepalived: "removing VIPs"); a Backup holds none.
        _addresses.Remove(Name, AllAddresses, _options.AddressDevice);
        _routes?.Remove(Name, _options.VirtualRoutes, _options.VirtualRules);
        _preemptDeadline = _options.PreemptDelay > TimeSpan.Zero ? _time.GetTimestamp() + ToTimestamp(_options.PreemptDelay) : null;
        // Open the send socket now, while nothing is urgent: becoming Master must only cost the send.
        _transport.Prepare();
        Transition(VrrpState.Backup, reason);
        ArmTimer(MasterDownInterval);
    }

    private void BackupReceived(in ReceivedAdvertisement received)
    {
        var advert = received.Advertisement;
        if (advert.Priority == 0)
        {
            // RFC 5798 §6.4.2: the master stopped; take over after Skew_Time.
            Interlocked.Increment(ref _priorityZeroReceived);
            Log.PriorityZeroReceived(_logger, Name, State, received.Source);
            ArmTimer(SkewTime);
            return;
        }
        if (!_options.Preempt || advert.Priority >= Priority)
        {
            _preemptDeadline = null;
            _wantsMaster = false;
            LearnInterval(advert);
            ArmTimer(MasterDownInterval);
            return;
        }

        // A lower-priority master and we preempt; preempt_delay tolerates it for a while first.
        if (_options.PreemptDelay > TimeSpan.Zero)
        {
            var now = _time.GetTimestamp();
            _preemptDeadline ??= now + ToTimestamp(_options.PreemptDelay);
            if (now < _preemptDeadline.Value)
            {
                LearnInterval(advert);
                var untilDeadline = _time.GetElapsedTime(now, _preemptDeadline.Value);
                ArmTimer(untilDeadline < MasterDownInterval ? untilDeadline : MasterDownInterval);
                Log.LowerPriorityAdvertisement(_logger, Name, advert.Priority, received.Source, "preempt_delay running");
                return;
            }
        }
        Log.LowerPriorityAdvertisement(_logger, Name, advert.Priority, received.Source, "discarding");
    }

    private void MasterReceived(in ReceivedAdvertisement received)
    {
        var advert = received.Advertisement;
        if (advert.Priority == 0)
        {
            // RFC 5798 §6.4.3: another router left; assert mastership at once.
            Interlocked.Increment(ref _priorityZeroReceived);
            Log.PriorityZeroReceived(_logger, Name, State, received.Source);
            SendAdvertisement();
            ArmAdvertTimer(newPeriod: true);
            return;
        }
        if (advert.Priority > Priority || (advert.Priority == Priority && CompareAddresses(received.Source, _transport.PrimaryAddress) > 0))
        {
            Log.HigherPriorityAdvertisement(_logger, Name, received.Source, advert.Priority, Priority);
            if (_options.HigherPrioritySendAdvert) SendAdvertisement();
            LearnInterval(advert);
            ReleaseMastership();
            Transition(VrrpState.Backup, $"higher priority advert from {received.Source}");
            ArmTimer(MasterDownInterval);
            return;
        }

        // Two masters (a healed partition): reassert at once and refresh the neighbours' caches,
        // as keepalived does (garp_lower_prio_*), so traffic does not stay with the loser.
        Log.LowerPriorityAdvertisement(_logger, Name, advert.Priority, received.Source, "asserting mastership");
        SendAdvertisement();
        ArmAdvertTimer(newPeriod: true);
        if (_options.Gratuitous.EffectiveLowerPriorityRepeat > 0)
            _announcer.AnnounceLowerPriority(Name, AllAddresses, _options.AddressDevice, _options.Gratuitous);
        Interlocked.Increment(ref _lowerPriorityAsMaster);
        Log.SplitBrainReasserted(_logger, Name, received.Source, advert.Priority, Priority);
        _listener?.OnMasterReceivedLowerPriority(Name, Priority, received.Source);
    }

    private void BecomeMaster(string reason)
    {
        CancelTimer();
        _authenticationSequence.BecomingMaster();
        _preemptDeadline = null;
        _wantsMaster = false;
        _masterAdvertisementInterval = _options.AdvertisementInterval;
        // Advert first: it is what ends the peers' view of the failover gap.
        var previous = State;
        Transition(VrrpState.Master, reason, notify: false);
        SendAdvertisement();
        _addresses.Add(Name, AllAddresses, _options.AddressDevice);
        _routes?.Add(Name, _options.VirtualRoutes, _options.VirtualRules);
        _announcer.AnnounceMaster(Name, AllAddresses, _options.AddressDevice, _options.Gratuitous);
        Interlocked.Increment(ref _becameMaster);
        ArmAdvertTimer(newPeriod: true);
        Notify(previous, reason);
    }

    private void ReleaseMastership()
    {
        _announcer.Cancel(Name);
        _routes?.Remove(Name, _options.VirtualRoutes, _options.VirtualRules);
        _addresses.Remove(Name, AllAddresses, _options.AddressDevice);
        Interlocked.Increment(ref _releasedMaster);
    }

    /// <summary>A Master's virtual_routes/virtual_rules after a reload: only the difference is applied.</summary>
    private void UpdateRoutes(VrrpInstanceOptions old)
    {
        if (_routes is null) return;
        var removedRoutes = old.VirtualRoutes.Where(r => !_options.VirtualRoutes.Contains(r)).ToList();
        var removedRules = old.VirtualRules.Where(r => !_options.VirtualRules.Contains(r)).ToList();
        var addedRoutes = _options.VirtualRoutes.Where(r => !old.VirtualRoutes.Contains(r)).ToList();
        var addedRules = _options.VirtualRules.Where(r => !old.VirtualRules.Contains(r)).ToList();
        if (removedRoutes.Count + removedRules.Count > 0) _routes.Remove(Name, removedRoutes, removedRules);
        if (addedRoutes.Count + addedRules.Count > 0) _routes.Add(Name, addedRoutes, addedRules);
    }

    private void LearnInterval(VrrpAdvertisement advert)
    {
        // RFC 5798 §6.4.2: a v3 Backup adopts the master's interval. A zero interval would make
        // Master_Down_Interval collapse to the skew; keep ours then.
        if (advert.Version == VrrpVersion.V3 && advert.AdvertisementInterval > 0)
            _masterAdvertisementInterval = advert.Interval;
    }

    private void SendAdvertisement() => Send((byte)Priority);

    private void Send(byte priority)
    {
        // The same advert goes out every interval: built once per priority and options, so sending allocates nothing.
        var advert = _advert is { } cached && cached.Priority == priority ? cached : BuildAdvertisement(priority);
        if (priority != 0) _advert = advert;
        // keepalived numbers every AH advert, priority 0 and failed sends included, once for all unicast peers.
        var sequence = _authenticationHeaderKey is null ? 0u : _authenticationSequence.NextToSend();
        if (_transport.Send(advert, sequence))
        {
            Interlocked.Increment(ref _sent);
        }
        else
        {
            Interlocked.Increment(ref _sendFailures);
            Log.SendFailed(_logger, Name);
        }
    }

    private static byte[]? AuthenticationHeaderKey(VrrpInstanceOptions options)
        => options.Version == VrrpVersion.V2 && options.Authentication is { Type: VrrpAuthenticationType.IpAuthenticationHeader } auth
            ? VrrpAuthenticationHeader.Key(auth.Password)
            : null;

    internal VrrpAdvertisement BuildAdvertisement(byte priority)
    {
        var addresses = _options.VirtualAddresses.Select(v => v.Address);
        var vrid = (byte)_options.VirtualRouterId;
        if (_options.Version == VrrpVersion.V2)
        {
            var type = _options.Authentication?.Type ?? VrrpAuthenticationType.None;
            return VrrpAdvertisement.CreateV2(vrid, priority, (byte)_options.AdvertisementInterval.TotalSeconds, addresses, type, _password);
        }
        var centiseconds = (ushort)(_options.AdvertisementInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10));
        return VrrpAdvertisement.CreateV3(_options.EffectiveFamily, vrid, priority, centiseconds, addresses);
    }

    private void NoteChecksumForm(in ReceivedAdvertisement received)
    {
        if (received.Advertisement.Version != VrrpVersion.V3 || received.Advertisement.AddressFamily != AddressFamily.InterNetwork) return;
        if (received.ChecksumMode == VrrpChecksumMode.IncludePseudoHeader) Interlocked.Increment(ref _withPseudo);
        else Interlocked.Increment(ref _withoutPseudo);
        if (_lastChecksumMode != received.ChecksumMode)
        {
            _lastChecksumMode = received.ChecksumMode;
            Log.ChecksumFormChanged(_logger, Name, received.Source, received.ChecksumMode);
        }
    }

    private void Transition(VrrpState next, string reason, bool notify = true)
    {
        var previous = State;
        if (previous == next) return;
        State = next;
        Log.EnteringState(_logger, Name, next.ToString().ToUpperInvariant(), reason);
        if (notify) Notify(previous, reason);
    }

    private void Notify(VrrpState previous, string reason)
    {
        var change = new VrrpStateChange(Name, previous, State, Priority, reason, _time.GetUtcNow());
        _listener?.OnStateChanged(change);
        // A transition the group itself caused is not a reason to sync the others again.
        if (!_forced) SyncGroup?.OnMemberStateChanged(this, change);
    }

    /// <summary>
    /// Arms the Master's advert timer for the next period, counted from the due time of the last advert
    /// rather than from the end of its callback, so the period does not drift by the timer's lateness
    /// (RFC 5798 §6.4.3: one advert every Advertisement_Interval). <paramref name="newPeriod"/> starts the
    /// count afresh (an advert was just sent out of turn). A stall longer than a period does not send a
    /// burst to catch up: the next advert is then one interval after now.
    /// </summary>
    private void ArmAdvertTimer(bool newPeriod)
    {
        var now = _time.GetTimestamp();
        var interval = ToTimestamp(_options.AdvertisementInterval);
        var next = (newPeriod ? now : _advertDue) + interval;
        if (next <= now) next = now + interval;
        _advertDue = next;
        ArmTimer(_time.GetElapsedTime(now, next));
    }

    /// <summary>One timer for the instance's life, re-armed with Change: arming allocates nothing.</summary>
    private void ArmTimer(TimeSpan due, bool keepGrace = false)
    {
        if (!keepGrace) _graceTaken = false;
        _timerDue = _time.GetTimestamp() + ToTimestamp(due);
        if (_timer is null) _timer = _time.CreateTimer(static state => ((VrrpInstance)state!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
        else _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void CancelTimer()
    {
        _timerDue = long.MaxValue;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            // A callback already under way when the timer was re-armed for later (or cancelled) must not
            // act: the re-armed timer fires again when it is due.
            if (!_started || _time.GetTimestamp() < _timerDue) return;
            _timerDue = long.MaxValue;
            switch (State)
            {
                case VrrpState.Backup when !_graceTaken && Reception?.FindPendingDatagrams() is { } pending and not PendingDatagrams.None:
                    _graceTaken = true;
                    Log.WaitingForUnreadAdverts(_logger, Name, pending, ReceiveGrace.TotalMilliseconds);
                    ArmTimer(ReceiveGrace, keepGrace: true);
                    break;
                case VrrpState.Backup:
                    // keepalived prefers BACKUP to thrashing: a sync group member goes MASTER only
                    // when every member wants to (or the group already is MASTER).
                    if (SyncGroup is { } group && !group.CanGoMaster(this))
                    {
                        _wantsMaster = true;
                        Log.SyncGroupWaiting(_logger, Name, group.Name);
                        ArmTimer(MasterDownInterval);
                        break;
                    }
                    // After the grace: whatever is still pending was not the master's advert, or came too late.
                    if (_graceTaken && Reception?.FindPendingDatagrams() is { } stillPending and not PendingDatagrams.None)
                        Log.TakingOverWithPendingDatagrams(_logger, Name, stillPending);
                    BecomeMaster("master down timer expired");
                    break;
                case VrrpState.Master:
                    SendAdvertisement();
                    ArmAdvertTimer(newPeriod: false);
                    break;
            }
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>RFC 5798 §6.4.3: the primary addresses compared as unsigned integers in network order.</summary>
    internal static int CompareAddresses(IPAddress? left, IPAddress? right)
    {
        if (left is null) return right is null ? 0 : -1;
        if (right is null) return 1;
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        left.TryWriteBytes(a, out var la);
        right.TryWriteBytes(b, out var lb);
        if (la != lb) return la.CompareTo(lb);
        return a[..la].SequenceCompareTo(b[..lb]);
    }
}
