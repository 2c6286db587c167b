using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Notify;

/// <summary>keepalived's state words in notify arguments and FIFO lines.</summary>
internal static class NotifyStateNames
{
    public const string Master = "MASTER";
    public const string Backup = "BACKUP";
    public const string Fault = "FAULT";
    public const string Stop = "STOP";
    public const string MasterReceivedLowerPriority = "MASTER_RX_LOWER_PRI";
    public const string Deleted = "DELETED";
    public const string MasterPriority = "MASTER_PRIORITY";
    public const string BackupPriority = "BACKUP_PRIORITY";

    /// <summary>Events keepalived writes to the FIFOs only: the generic notify script never gets them.</summary>
    public static bool IsFifoOnly(string state) => state is MasterReceivedLowerPriority or MasterPriority or BackupPriority;

    public static string For(VrrpState state) => state switch
    {
        VrrpState.Master => Master,
        VrrpState.Backup => Backup,
        VrrpState.Fault => Fault,
        _ => Stop,
    };
}
