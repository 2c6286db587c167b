namespace LvsDirector.Vrrp.Notify;

/// <summary>
/// One notify event: <c>INSTANCE "VI_1" MASTER 100</c> with a sequence number per instance or group
/// (1, 2, 3 … in the order the state machine produced them). Scripts see the sequence number in
/// <see cref="SequenceVariable"/>.
/// </summary>
public sealed record VrrpNotification(VrrpNotificationKind Kind, string Name, string State, int Priority, long Sequence, DateTimeOffset Timestamp)
{
    /// <summary>The environment variable carrying <see cref="Sequence"/> to notify scripts.</summary>
    public const string SequenceVariable = "LVSD_NOTIFY_SEQ";

    public string KindText => Kind == VrrpNotificationKind.Group ? "GROUP" : "INSTANCE";

    /// <summary>The notify_fifo line, as keepalived writes it.</summary>
    public string FifoLine => $"{KindText} \"{Name}\" {State} {Priority}";
}
