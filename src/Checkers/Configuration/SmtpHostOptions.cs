using System.Net;

namespace LvsDirector.Checkers.Configuration;

/// <summary>One deprecated <c>host { }</c> block of SMTP_CHECK: another target checked by the same checker.</summary>
public sealed record SmtpHostOptions
{
    public IPAddress? ConnectIp { get; init; }
    public int? ConnectPort { get; init; }
    public IPAddress? BindTo { get; init; }
    public string? BindInterface { get; init; }
    public int? BindPort { get; init; }
    public uint? FirewallMark { get; init; }

    /// <summary>This host's <c>connect_timeout</c> (each step of its exchange); null = the check's.</summary>
    public TimeSpan? ConnectTimeout { get; init; }
}
