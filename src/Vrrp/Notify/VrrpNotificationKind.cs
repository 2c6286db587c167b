namespace LvsDirector.Vrrp.Notify;

/// <summary>The first argument keepalived's generic notify script receives.</summary>
public enum VrrpNotificationKind
{
    Instance,
    Group,
}
