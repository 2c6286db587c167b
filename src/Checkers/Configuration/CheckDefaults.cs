namespace LvsDirector.Checkers.Configuration;

/// <summary>Defaults keepalived.conf(5) documents for checker keywords, and ours for the extensions.</summary>
public static class CheckDefaults
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DelayLoop = TimeSpan.FromSeconds(60);

    /// <summary><c>retry</c>: 1; DNS 3; MISC 0.</summary>
    public static int Retry(CheckKind kind) => kind switch
    {
        CheckKind.Dns => 3,
        CheckKind.Misc => 0,
        _ => 1,
    };

    /// <summary><c>delay_before_retry</c>: 1 s; HTTP/SSL 3 s; DNS delay_loop.</summary>
    public static TimeSpan DelayBeforeRetry(CheckKind kind, TimeSpan delayLoop) => kind switch
    {
        CheckKind.HttpGet or CheckKind.SslGet => TimeSpan.FromSeconds(3),
        CheckKind.Dns => delayLoop,
        _ => TimeSpan.FromSeconds(1),
    };

    /// <summary>Margin of the default deadline over the per-step timeouts, so a step's own timeout (with its precise reason) fires first.</summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Extension: the default total deadline of one probe: connect_timeout × the exchanges the check makes, plus
    /// <see cref="DeadlineMargin"/>. Exchanges: TCP, DNS, UDP, PING 1; HTTP/SSL 2 per URL (connect, response);
    /// SMTP 4 per host (connect, greeting, HELO, QUIT). MISC: misc_timeout (default delay_loop) plus the margin
    /// and the SIGTERM→SIGKILL grace. FILE: the margin.
    /// </summary>
    public static TimeSpan Deadline(CheckOptions check, TimeSpan connectTimeout, TimeSpan delayLoop) => check switch
    {
        HttpGetCheckOptions http => connectTimeout * 2 * Math.Max(1, http.Urls.Count) + DeadlineMargin,
        SmtpCheckOptions { Hosts.Count: > 0 } smtp => smtp.Hosts.Aggregate(TimeSpan.Zero, (sum, h) => sum + (h.ConnectTimeout ?? connectTimeout) * 4) + DeadlineMargin,
        SmtpCheckOptions => connectTimeout * 4 + DeadlineMargin,
        MiscCheckOptions misc => (misc.Timeout ?? delayLoop) + Scripts.ProcessScriptRunner.KillGrace + DeadlineMargin,
        FileCheckOptions => DeadlineMargin,
        _ => connectTimeout + DeadlineMargin,
    };
}
