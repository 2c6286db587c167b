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

    /// <summary>
    /// Extension: the total deadline of one probe. connect_timeout for one exchange; for HTTP/SSL one
    /// connect_timeout per URL; for MISC the misc_timeout (itself delay_loop by default); for FILE 1 s.
    /// </summary>
    public static TimeSpan Deadline(CheckOptions check, TimeSpan connectTimeout, TimeSpan delayLoop) => check switch
    {
        HttpGetCheckOptions http => connectTimeout * Math.Max(1, http.Urls.Count),
        SmtpCheckOptions smtp => connectTimeout * Math.Max(1, smtp.Hosts.Count),
        MiscCheckOptions misc => misc.Timeout ?? delayLoop,
        FileCheckOptions => TimeSpan.FromSeconds(1),
        _ => connectTimeout,
    };
}
