namespace LvsDirector.Checkers;

/// <summary>Stable log event ids of the checkers library: the 3000 range.</summary>
internal static class EventIds
{
    public const int First = 3000;

    // Checks (3000-3019)
    public const int CheckSucceeded = 3001;
    public const int CheckFailed = 3002;
    public const int CheckAttemptFailed = 3003;
    public const int CheckRetrying = 3004;
    public const int CheckWarning = 3005;
    public const int ProbeError = 3006;

    // Real servers, quorum, sorry server (3020-3039)
    public const int RealServerUp = 3020;
    public const int RealServerDown = 3021;
    public const int RealServerWeight = 3022;
    public const int QuorumGained = 3023;
    public const int QuorumLost = 3024;
    public const int SorryServerAdded = 3025;
    public const int SorryServerRemoved = 3026;

    // Scripts (3040-3059)
    public const int ScriptTimedOut = 3040;
    public const int ScriptNotReaped = 3041;
    public const int ScriptOutput = 3042;
    public const int ScriptFailed = 3043;

    // Runtime (3060-3079)
    public const int ServiceStarted = 3060;
    public const int ServiceStopped = 3061;
    public const int ServiceUpdated = 3062;
    public const int OptionsApplied = 3063;
    public const int OptionsRejected = 3064;
    public const int CompletionError = 3065;
    public const int CheckStatistics = 3066;
    public const int SchedulerError = 3067;
    public const int ServiceSuspended = 3068;
    public const int ServiceActivated = 3069;

    // 3080-3999 reserved.
}
