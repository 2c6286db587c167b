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

    public static string For(VrrpState state) => state switch
    {
        VrrpState.Master => Master,
        VrrpState.Backup => Backup,
        VrrpState.Fault => Fault,
        _ => Stop,
    };
}
