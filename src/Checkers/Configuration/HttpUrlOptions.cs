using System.Text.RegularExpressions;

namespace LvsDirector.Checkers.Configuration;

/// <summary>One <c>url { }</c> block of HTTP_GET / SSL_GET.</summary>
public sealed record HttpUrlOptions
{
    /// <summary><c>path</c>: the request target, sent as is.</summary>
    public required string Path { get; init; }

    /// <summary><c>digest</c>: expected MD5 of the body, 32 hex digits (as printed by genhash).</summary>
    public string? Digest { get; init; }

    /// <summary><c>status_code</c>: accepted codes; empty means 200-299.</summary>
    public EquatableList<StatusCodeRange> StatusCodes { get; init; } = EquatableList<StatusCodeRange>.Empty;

    /// <summary><c>virtualhost</c> for this URL; default the checker's.</summary>
    public string? VirtualHost { get; init; }

    /// <summary><c>regex</c>: pattern that must match the body (.NET syntax, evaluated with a timeout).</summary>
    public string? Regex { get; init; }

    /// <summary><c>regex_no_match</c>: the check passes when the regex does NOT match.</summary>
    public bool RegexNoMatch { get; init; }

    /// <summary><c>regex_options</c> mapped to .NET (caseless → IgnoreCase, multiline, dotall → Singleline, extended → IgnorePatternWhitespace).</summary>
    public RegexOptions RegexOptions { get; init; }

    /// <summary><c>regex_min_offset</c>: a match must start at or after this byte offset.</summary>
    public int? RegexMinOffset { get; init; }

    /// <summary><c>regex_max_offset</c>: a match must start at or before this byte offset.</summary>
    public int? RegexMaxOffset { get; init; }

    /// <summary><c>tls_compliant</c> for this URL (SSL_GET): send close_notify before closing.</summary>
    public bool? TlsCompliant { get; init; }
}
