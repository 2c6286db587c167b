using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// A check with every inherited value resolved (check → real server → service → type default).
/// This is what the probes and the scheduler run from.
/// </summary>
internal sealed record ResolvedCheck(
    CheckOptions Options,
    RealServerKey RealServer,
    IPEndPoint Target,
    TimeSpan ConnectTimeout,
    int Retry,
    TimeSpan DelayBeforeRetry,
    TimeSpan DelayLoop,
    TimeSpan Warmup,
    bool Alpha,
    bool LogAllFailures,
    TimeSpan Deadline,
    string? VirtualHost,
    ScriptUser? ScriptUser = null)
{
    public CheckKind Kind => Options.Kind;

    /// <summary>
    /// The identity used on reload: two resolved checks with the same identity are the same check, and only
    /// their schedule (delay_loop, warmup, delay_before_retry) may differ, so the running one keeps its state.
    /// </summary>
    public ResolvedCheck Identity => this with
    {
        Options = Options with { DelayLoop = null, Warmup = null, DelayBeforeRetry = null },
        DelayLoop = TimeSpan.Zero,
        Warmup = TimeSpan.Zero,
        DelayBeforeRetry = TimeSpan.Zero,
        Deadline = Options is MiscCheckOptions { Timeout: null } ? TimeSpan.Zero : Deadline,
    };

    public static ResolvedCheck Resolve(CheckOptions check, RealServerOptions realServer, CheckedServiceOptions service, CheckerOptions global)
    {
        var delayLoop = check.DelayLoop ?? realServer.DelayLoop ?? service.DelayLoop ?? CheckDefaults.DelayLoop;
        var connectTimeout = check.ConnectTimeout ?? realServer.ConnectTimeout ?? service.ConnectTimeout ?? CheckDefaults.ConnectTimeout;
        var retry = check.Retry ?? realServer.Retry ?? service.Retry ?? CheckDefaults.Retry(check.Kind);
        var delayBeforeRetry = check.DelayBeforeRetry ?? realServer.DelayBeforeRetry ?? service.DelayBeforeRetry
            ?? CheckDefaults.DelayBeforeRetry(check.Kind, delayLoop);
        var warmup = check.Warmup ?? realServer.Warmup ?? service.Warmup ?? delayLoop;
        var alpha = check.Alpha ?? realServer.Alpha ?? service.Alpha;
        var target = new IPEndPoint(check.ConnectIp ?? realServer.Address, check.ConnectPort ?? realServer.Port);
        var deadline = check.Deadline ?? CheckDefaults.Deadline(check, connectTimeout, delayLoop);
        var virtualHost = (check as HttpGetCheckOptions)?.VirtualHost ?? realServer.VirtualHost ?? service.VirtualHost;
        // A MISC_CHECK's user: its own (misc_path's or user's), else the global script_user.
        var scriptUser = check is MiscCheckOptions misc ? (misc.User is { } user ? new ScriptUser(user, misc.Group) : global.ScriptUser) : null;
        return new ResolvedCheck(check, realServer.Key, target, connectTimeout, retry, delayBeforeRetry, delayLoop, warmup,
            alpha, check.LogAllFailures ?? global.LogAllFailures, deadline, virtualHost, scriptUser);
    }
}
