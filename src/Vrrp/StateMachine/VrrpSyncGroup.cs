using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// A vrrp_sync_group: members are MASTER together, BACKUP together, FAULT together (keepalived
/// vrrp_sync.c). A member's own transition is reported here from inside its lock; the group acts on
/// the others later, through the <see cref="VrrpWorkQueue"/>, so no two instance locks are ever held
/// at once. A Backup member whose master-down timer expires waits (<see cref="CanGoMaster"/>) until
/// every member wants MASTER, preferring BACKUP to thrashing, as keepalived does.
/// </summary>
internal sealed partial class VrrpSyncGroup
{
    private readonly VrrpWorkQueue _queue;
    private readonly ILogger _logger;
    private readonly Action<VrrpSyncGroup, VrrpState, VrrpState> _groupChanged;
    private IReadOnlyList<VrrpInstance> _members = [];

    public VrrpSyncGroup(string name, VrrpWorkQueue queue, ILogger logger, Action<VrrpSyncGroup, VrrpState, VrrpState> groupChanged)
    {
        Name = name;
        _queue = queue;
        _logger = logger;
        _groupChanged = groupChanged;
    }

    public string Name { get; }

    /// <summary>The group's state as last synced: MASTER, BACKUP, FAULT (Initialize before any).</summary>
    public VrrpState State { get; private set; } = VrrpState.Initialize;

    public IReadOnlyList<VrrpInstance> Members => Volatile.Read(ref _members);

    public void SetMembers(IReadOnlyList<VrrpInstance> members)
    {
        Volatile.Write(ref _members, members);
        foreach (var m in members) m.SyncGroup = this;
        _queue.Post(() => SyncFaults("member set changed"));
    }

    /// <summary>Called by a member (inside its lock) after a transition of its own; never blocks.</summary>
    public void OnMemberStateChanged(VrrpInstance member, VrrpStateChange change) => _queue.Post(() => Sync(member, change));

    /// <summary>May this Backup member go MASTER now? Reads only volatile state: no other lock is taken.</summary>
    public bool CanGoMaster(VrrpInstance member)
    {
        if (State == VrrpState.Master) return true;
        foreach (var other in Members)
        {
            if (ReferenceEquals(other, member)) continue;
            if (other.State != VrrpState.Master && !other.WantsMaster) return false;
        }
        return true;
    }

    private void Sync(VrrpInstance member, VrrpStateChange change)
    {
        switch (change.Current)
        {
            case VrrpState.Fault:
                SyncFaults($"VRRP_Group({Name}) member {member.Name} in FAULT");
                break;
            case VrrpState.Master:
                Log.Syncing(_logger, Name, "MASTER");
                foreach (var other in Members)
                    if (!ReferenceEquals(other, member)) other.ForceMaster($"VRRP_Group({Name}) syncing to MASTER with {member.Name}");
                break;
            case VrrpState.Backup when change.Previous == VrrpState.Master:
                Log.Syncing(_logger, Name, "BACKUP");
                foreach (var other in Members)
                    if (!ReferenceEquals(other, member)) other.ForceBackup($"VRRP_Group({Name}) syncing to BACKUP with {member.Name}");
                break;
            case VrrpState.Backup when change.Previous == VrrpState.Fault:
                SyncFaults($"VRRP_Group({Name}) member {member.Name} left FAULT");
                break;
        }
        UpdateGroupState();
    }

    /// <summary>Every member is in FAULT while any member has a fault of its own.</summary>
    private void SyncFaults(string reason)
    {
        var members = Members;
        var own = members.Select(m => m.HasOwnFault).ToArray();
        var anyFault = own.Any(f => f);
        if (anyFault && members.Any(m => m.State != VrrpState.Fault)) Log.Syncing(_logger, Name, "FAULT");
        for (var i = 0; i < members.Count; i++)
        {
            var othersFault = own.Where((f, j) => j != i && f).Any();
            members[i].SetGroupFault(othersFault, reason);
        }
        UpdateGroupState();
    }

    private void UpdateGroupState()
    {
        var members = Members;
        if (members.Count == 0) return;
        var states = members.Select(m => m.State).ToArray();
        var next = states.Contains(VrrpState.Fault) ? VrrpState.Fault
            : states.All(s => s == VrrpState.Master) ? VrrpState.Master
            : states.All(s => s == VrrpState.Backup) ? VrrpState.Backup
            : states.All(s => s == VrrpState.Initialize) ? VrrpState.Initialize
            : State;
        if (next == State) return;
        var previous = State;
        State = next;
        _groupChanged(this, previous, next);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SyncGroupSyncing, LogLevel.Information, "VRRP_Group({Group}) Syncing instances to {State} state")]
        public static partial void Syncing(ILogger logger, string group, string state);
    }
}
