namespace LvsDirector.Vrrp;

/// <summary>Stable log event ids of the VRRP library: the 1000 range.</summary>
internal static class EventIds
{
    public const int First = 1000;

    // StateMachine/VrrpInstance
    public const int EnteringState = 1001;
    public const int AdvertisementDropped = 1002;
    public const int LowerPriorityAdvertisement = 1003;
    public const int HigherPriorityAdvertisement = 1004;
    public const int PriorityZeroReceived = 1005;
    public const int PriorityZeroSent = 1006;
    public const int SendFailed = 1007;
    public const int ChecksumFormChanged = 1008;
    public const int OptionsUpdated = 1009;
    public const int WaitingForUnreadAdverts = 1010;
    public const int OwnerIgnoredAdvertisement = 1011;
    public const int AuthenticationSequenceReplayed = 1012;
    public const int TakingOverWithPendingDatagrams = 1013;

    // StateMachine/VrrpRouter
    public const int InstanceAdded = 1020;
    public const int InstanceRemoved = 1021;
    public const int InstanceRestarted = 1022;
    public const int PacketDropped = 1023;
    public const int ListenerFailed = 1024;

    // Network
    public const int SocketError = 1040;
    public const int AddressAdded = 1041;
    public const int AddressRemoved = 1042;
    public const int AddressChangeFailed = 1043;
    public const int GratuitousSendFailed = 1044;
    public const int ReceiveLoopFailed = 1045;
    public const int InterfaceStateChanged = 1046;
    public const int TimerThreadLag = 1047;
    public const int TimerCallbackFailed = 1048;
    public const int SendSocketPrepareFailed = 1049;
    public const int SendSocketReopened = 1050;
    public const int RuntimeStatistics = 1051;
    public const int LinkEventsUnavailable = 1052;
    public const int LinkEventsOverrun = 1053;
    public const int StaticEntryRestored = 1054;
    public const int StaticEntryCheckFailed = 1055;
    public const int VirtualAddressDeleted = 1056;

    // Network: routes, rules, VMAC, sysctls, static addresses (issue 4 part B)
    public const int RouteAdded = 1060;
    public const int RouteRemoved = 1061;
    public const int RuleAdded = 1062;
    public const int RuleRemoved = 1063;
    public const int RouteChangeFailed = 1064;
    public const int VmacCreated = 1065;
    public const int VmacDeleted = 1066;
    public const int VmacFailed = 1067;
    public const int SysctlChanged = 1068;
    public const int SysctlRestored = 1069;
    public const int SysctlFailed = 1070;
    public const int StrictConsequence = 1071;
    public const int VmacLinkLocal = 1074;
    public const int VmacNoLinkLocal = 1075;
    public const int AcceptFilterApplied = 1072;
    public const int AcceptFilterFailed = 1073;

    // Scripts, Tracking, Notify, sync groups (issue 4 part A)
    public const int ScriptStartFailed = 1100;
    public const int ScriptExited = 1101;
    public const int ScriptTimedOut = 1102;
    public const int ScriptKilled = 1103;
    public const int ScriptReturning = 1110;
    public const int ScriptStateChanged = 1111;
    public const int TrackFileChanged = 1112;
    public const int TrackProcessChanged = 1113;
    public const int ProcessEventsListening = 1117;
    public const int ProcessEventsUnavailable = 1118;
    public const int ProcessEventsOverrun = 1119;
    public const int TrackerFailed = 1114;
    public const int TrackInterfaceChanged = 1115;
    public const int ScriptFailedState = 1116;
    public const int EffectivePriorityChanged = 1120;
    public const int TrackingFault = 1121;
    public const int SplitBrainReasserted = 1122;
    public const int SyncGroupSyncing = 1130;
    public const int SyncGroupWaiting = 1131;
    public const int NotifyQueued = 1140;
    public const int NotifyFifoFailed = 1141;
    public const int NotifyFailed = 1142;
}
